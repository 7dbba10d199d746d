// The report's terminal table, drawn exactly as cli-table3 draws it with { head, style: { head: [], border: [],
// compact: true }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, colAligns }, but linear in the
// number of rows: cli-table3 builds a cell object per value, measures each one several times, and spreads all rows
// into one call (a stack overflow past ~125,000 rows). Here each column's width is computed once, from each cell's
// width computed once. Cells must be one line of text without control characters (render them with `visible()`);
// colour codes (SGR, as chalk writes them) take no width.

export type Align = 'left' | 'right';

/** SGR sequences (colours, bold): no width on the terminal. cli-table3's own pattern. */
const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;
/** Text whose width is its length: printable ASCII, Latin-1 and the Latin, Greek and Cyrillic letters, general punctuation. */
const NARROW = /^[\x20-\x7e\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2190-\u21ff\u2500-\u25fc]*$/;

export function drawTable(head: readonly string[], rows: readonly (readonly string[])[], aligns: readonly Align[]): string {
  return [...tableLines(head, () => rows, aligns)].join('\n');
}

/**
 * The table a line at a time, without its line breaks. `rows` is called twice: once to measure each column, once to
 * draw; so a caller can make each row's cells anew each time instead of holding every row's cells at once.
 */
export function* tableLines(head: readonly string[], rows: () => Iterable<readonly string[]>, aligns: readonly Align[]): Generator<string> {
  const n = head.length;
  const widths = head.map(displayWidth);
  for (const row of rows()) {
    for (let x = 0; x < n; x++) {
      const w = displayWidth(row[x] ?? '');
      if (w > widths[x]) widths[x] = w;
    }
  }
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const line = (cells: readonly string[]) => {
    let out = '';
    for (let x = 0; x < n; x++) {
      const cell = cells[x] ?? '';
      const fill = ' '.repeat(widths[x] - displayWidth(cell));
      out += aligns[x] === 'right' ? `│ ${fill}${cell} ` : `│ ${cell}${fill} `;
    }
    return `${out}│`;
  };
  yield rule('┌', '┬', '┐');
  yield line(head);
  for (const row of rows()) yield line(row);
  yield rule('└', '┴', '┘');
}

/** Columns a text takes on a terminal, as string-width (what cli-table3 measures with) counts them. */
export function displayWidth(text: string): number {
  const plain = text.includes('\u001b') ? text.replace(SGR, '') : text;
  if (NARROW.test(plain)) return plain.length;
  let width = 0;
  for (const ch of plain) {
    const code = ch.codePointAt(0)!;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f)) continue;
    if (code === 0xfe0f || code === 0x200d) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}

/**
 * Two columns: emoji shown as emoji, and East Asian wide and full-width characters (the ranges of
 * is-fullwidth-code-point, which string-width uses).
 */
const WIDE =
  /^(?:\p{Emoji_Presentation}|[\u1100-\u115f\u2329\u232a\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6b\uff01-\uff60\uffe0-\uffe6\u{1b000}-\u{1b001}\u{1f200}-\u{1f251}\u{20000}-\u{3fffd}])$/u;
