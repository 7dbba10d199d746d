// One line of a SIE file as its label and fields (SIE 4B, section 5: "Filformat"). Fields are separated by spaces or
// tabs (exporters use either, and runs of them); a field is a word, a quoted string, or an object list `{…}` of
// words and strings. In a string, `\"` is a quote and `\\` a backslash; any other backslash is itself (Windows
// paths and texts such as "1820\A012 Cykel" are written with single backslashes).

/** A field: text, or an object list's items (`{1 "2" 6 "P1"}` is ['1', '2', '6', 'P1']). */
export type SieField = string | string[];

export interface SieLine {
  /**
   * The label without its `#`, upper-cased (`TRANS`); `{` or `}` for the lines that open and close a voucher's
   * rows; '' for a line of anything else (its fields are what it holds).
   */
  label: string;
  fields: SieField[];
  /** Which fields were written in quotes (an empty quoted "" is a field; nothing at all is none). */
  quoted: boolean[];
}

/** Why a line cannot be read, and at which character (0-based) of it. */
export class SieSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x09;

/** Splits a line (without its line break) into label and fields; throws SieSyntaxError on an unclosed quote or list. */
export function tokenizeSieLine(line: string): SieLine {
  // The lines that open and close a voucher's rows (most lines start with '#' and are not looked at twice).
  let k = 0;
  while (k < line.length && isSpace(line.charCodeAt(k))) k++;
  const c0 = line.charCodeAt(k);
  if (c0 === 0x7b || c0 === 0x7d) {
    let e = k + 1;
    while (e < line.length && isSpace(line.charCodeAt(e))) e++;
    if (e === line.length) return { label: line[k], fields: [], quoted: [] };
  }
  const fields: SieField[] = [];
  const quoted: boolean[] = [];
  let list: string[] | undefined;
  let listAt = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 0x7b /* { */) {
      if (list) throw new SieSyntaxError('an object list inside an object list', i);
      list = [];
      listAt = i;
      i++;
      continue;
    }
    if (c === 0x7d /* } */) {
      if (!list) throw new SieSyntaxError("a '}' with no '{' before it", i);
      fields.push(list);
      quoted.push(false);
      list = undefined;
      i++;
      continue;
    }
    let text: string;
    let isQuoted = false;
    if (c === 0x22 /* " */) {
      const start = i;
      i++;
      let out = '';
      let from = i;
      for (;;) {
        if (i >= n) throw new SieSyntaxError('a quoted text with no closing quote', start);
        const d = line.charCodeAt(i);
        if (d === 0x5c /* \ */ && i + 1 < n && (line.charCodeAt(i + 1) === 0x22 || line.charCodeAt(i + 1) === 0x5c)) {
          out += line.slice(from, i) + line[i + 1];
          i += 2;
          from = i;
          continue;
        }
        if (d === 0x22) break;
        i++;
      }
      text = out + line.slice(from, i);
      i++;
      isQuoted = true;
    } else {
      const start = i;
      // A word ends at a space, and inside an object list also at its '}' (`{1 2}`).
      while (i < n && !isSpace(line.charCodeAt(i)) && !(list && line.charCodeAt(i) === 0x7d) && line.charCodeAt(i) !== 0x7b && line.charCodeAt(i) !== 0x22) i++;
      text = line.slice(start, i);
    }
    if (list) list.push(text);
    else {
      fields.push(text);
      quoted.push(isQuoted);
    }
  }
  if (list) throw new SieSyntaxError("an object list with no closing '}'", listAt);
  const first = fields[0];
  if (typeof first === 'string' && !quoted[0] && first.startsWith('#')) {
    return { label: first.slice(1).toUpperCase(), fields: fields.slice(1), quoted: quoted.slice(1) };
  }
  return { label: '', fields, quoted };
}
