// Small text helpers shared by config checking, field resolution and error messages.

/** `Order Date` → `order_date`, `Beløp (NOK)` → `beløp_nok`: how every column becomes a field name. */
export function snakeCase(header: string): string {
  return header
    .normalize('NFC')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** Levenshtein distance, for did-you-mean hints. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest candidate, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const hint = closest(word, candidates);
  return hint === undefined ? '' : `; did you mean '${hint}'?`;
}

/** A value as it appears in a message: quoted, shortened, control characters made visible. */
export function quoteValue(value: string, max = 40): string {
  const shown = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  // JSON.stringify escapes C0 controls but not C1 controls or bidirectional overrides.
  return jsonVisible(JSON.stringify(shown));
}

/**
 * Characters that act on a terminal or reorder text instead of showing: C0 controls (ESC starts colour, title, clipboard
 * and screen sequences), DEL, C1 controls (U+009B is a one-byte CSI), the bidirectional overrides, embeddings, isolates
 * and marks ("Trojan Source"), and the Unicode line and paragraph separators.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');
/** Only the bidirectional controls: for data formats that carry other controls by their own rules (CSV, XML). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_ALL = new RegExp(BIDI.source, 'g');

const NAMED: Record<string, string> = { '\u001b': '\\e', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `\e`, `\t`, `\n`, `\r`, `\x07` for other C0 controls and DEL, `\u009b`, `\u202e` for the rest. */
function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from data or configs as a terminal or a reader should see it: every character that would act instead of show
 * (see INVISIBLE) is written as an escape (`\e]0;x\x07` for a title sequence). Backslashes stay as they are: this is
 * for display, and the machine formats (JSON, CSV) keep the exact value.
 */
export function visible(text: string): string {
  return INVISIBLE.test(text) ? text.replace(INVISIBLE_ALL, escapeChar) : text;
}

/** Only the bidirectional controls written as escapes (`\u202e`): for formats with their own rules for other controls. */
export function withoutBidi(text: string): string {
  return BIDI.test(text) ? text.replace(BIDI_ALL, escapeChar) : text;
}

/** JSON text with every invisible character outside ASCII as a `\u` escape: the same value when parsed, safe to print. */
export function jsonVisible(json: string): string {
  return /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(json)
    ? json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : json;
}

/** Several lines, each made `visible`: the line breaks between them stay line breaks. */
export function visibleLines(text: string): string {
  return INVISIBLE.test(text) ? text.split('\n').map(visible).join('\n') : text;
}

/** A header as a key of a YAML flow map (`empty: { Beløp: zero }`): bare when it is a plain name, else quoted. */
export const yamlKey = (header: string): string => (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(header) ? header : JSON.stringify(header));
/** Characters that show nothing (zero-width space, non-joiner, joiner, word joiner, BOM): never part of a value. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
/** What needs more than trimming: anything but printable ASCII, or two spaces in a row. */
const UNUSUAL = /[^\x21-\x7e ]| {2}/;

/**
 * A text value as kpi compares, groups and counts it (trial4 F18): trimmed, in Unicode NFC (`Åse` written
 * decomposed, as macOS and some web forms write it, is `Åse`), with no zero-width characters, and every inner run of
 * white space (a double space, a no-break space, a tab) one space — text that looks equal is equal. Case is kept:
 * conditions ignore it, groups and distinct counts do not (case variants are said, case-groups.ts).
 */
export function textValue(text: string): string {
  const t = text.trim();
  if (!UNUSUAL.test(t)) return t;
  // Zero-width characters go before NFC: between a letter and its combining mark they would keep the pair apart.
  return t.replace(ZERO_WIDTH, '').normalize('NFC').replace(/\s+/g, ' ').trim();
}
