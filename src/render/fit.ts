// Fitting text to a terminal's width: clipping a cell with an ellipsis (never wrapping it onto the next line), and
// wrapping prose at word boundaries. Widths are display columns (text-table.ts displayWidth), not code units.
import { displayWidth } from './text-table.js';

/** Below this many columns the report switches from the table to one line per KPI (README "Fitting the terminal"). */
export const COMPACT_BELOW = 100;

/** `Customer satisfacti…`: the text cut to `width` columns, its last one an ellipsis; as it is when it fits. */
export function clip(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

/**
 * Prose wrapped at spaces to `width` columns, the lines after the first indented by `indent` spaces; a word longer
 * than a line stays whole (a path or a value is never cut). Without a width, the text as it is.
 */
export function wrap(text: string, width: number | undefined, indent = 2): string[] {
  if (width === undefined || displayWidth(text) <= width) return [text];
  const lead = /^ */.exec(text)![0];
  // Words with the spaces after them, so the spacing inside a line (`Target     1,500.00`) stays as it was.
  const words = text.slice(lead.length).split(/(?<= )(?=[^ ])/);
  const lines: string[] = [];
  let line = lead;
  let empty = true;
  for (const word of words) {
    if (!empty && displayWidth(`${line}${word}`.trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = ' '.repeat(indent);
    }
    line += word;
    empty = false;
  }
  lines.push(line.trimEnd());
  return lines;
}
