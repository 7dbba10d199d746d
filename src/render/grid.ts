// A bordered table with fixed column widths and word wrap, drawn exactly as cli-table3 draws it with
// { head, style: { head: [], border: [] }, wordWrap: true, colWidths }, but in a fraction of the time: `kpi list`
// spent more time in cli-table3 than anywhere else. Only for text whose width is its length (printable ASCII and
// Latin letters); for anything else (colour codes, wide or combining characters, tabs, line breaks, emoji) it
// returns undefined and the caller uses cli-table3 itself.

/** Printable ASCII and the Latin letters U+00C0–U+017F: one column per UTF-16 unit, no colour codes, no tabs. */
const PLAIN = /^[\x20-\x7e\u00c0-\u017f]*$/;

export function plainGrid(head: readonly string[], rows: readonly (readonly string[])[], colWidths: readonly number[]): string | undefined {
  const all = [head, ...rows];
  if (colWidths.length === 0 || colWidths.some((w) => !Number.isInteger(w) || w < 3)) return undefined;
  for (const row of all) {
    if (row.length !== colWidths.length) return undefined;
    for (const cell of row) if (!PLAIN.test(cell)) return undefined;
  }
  const out: string[] = [];
  all.forEach((row, y) => {
    const wrapped = row.map((cell, x) => wordWrap(colWidths[x] - 2, cell));
    const height = Math.max(1, ...wrapped.map((lines) => lines.length));
    out.push(rule(colWidths, y === 0 ? ['┌', '┬', '┐'] : ['├', '┼', '┤']));
    for (let n = 0; n < height; n++) {
      let line = '';
      wrapped.forEach((lines, x) => {
        const inner = colWidths[x] - 2;
        const text = n < lines.length ? truncate(lines[n], inner) : '';
        line += `│ ${text}${' '.repeat(inner - text.length)} `;
      });
      out.push(`${line}│`);
    }
  });
  out.push(rule(colWidths, ['└', '┴', '┘']));
  return out.join('\n');
}

function rule(colWidths: readonly number[], [left, mid, right]: readonly string[]): string {
  return `${left}${colWidths.map((w) => '─'.repeat(w)).join(mid)}${right}`;
}

/** cli-table3's wordWrap (utils.js), for text whose width is its length: words move whole; a longer word is cut later. */
function wordWrap(maxLength: number, input: string): string[] {
  const lines: string[] = [];
  const split = input.split(/(\s+)/g);
  let line: string[] = [];
  let lineLength = 0;
  let whitespace: string | undefined;
  for (let i = 0; i < split.length; i += 2) {
    const word = split[i];
    let newLength = lineLength + word.length;
    if (lineLength > 0 && whitespace) newLength += whitespace.length;
    if (newLength > maxLength) {
      if (lineLength !== 0) lines.push(line.join(''));
      line = [word];
      lineLength = word.length;
    } else {
      line.push(whitespace || '', word);
      lineLength = newLength;
    }
    whitespace = split[i + 1];
  }
  if (lineLength) lines.push(line.join(''));
  return lines;
}

/** cli-table3's truncate: a line too long for the cell ends in '…'. */
function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
