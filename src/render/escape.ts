// Escaping for the XML and HTML renderers: text from configs and data files is never markup.
import { withoutBidi } from '../util/text.js';

/** Characters XML 1.0 cannot hold even escaped (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with the characters XML cannot carry replaced by U+FFFD and bidirectional overrides escaped; no markup escaping. */
export function xmlChars(text: string): string {
  return withoutBidi(text.replace(NOT_XML, '\uFFFD'));
}

/** Excel's limit on the characters of one cell. */
export const XLSX_CELL_MAX = 32_767;

/**
 * A string cell of a workbook: XML's character policy (exceljs escapes markup but writes any character, and one
 * U+FFFF makes the shared strings part malformed) and Excel's 32,767-character limit, a longer text cut with a marker
 * that says so.
 */
export function xlsxText(text: string): string {
  const clean = xmlChars(text);
  if (clean.length <= XLSX_CELL_MAX) return clean;
  const marker = `… [cut: ${clean.length} characters, Excel holds ${XLSX_CELL_MAX}]`;
  let cut = clean.slice(0, XLSX_CELL_MAX - marker.length);
  // Never half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + marker;
}

/**
 * Element text: `&`, `<`, `>` escaped; characters XML cannot carry become U+FFFD; bidirectional overrides are written
 * as `\u202e` (they would show the text reordered).
 */
export function xmlText(text: string): string {
  return withoutBidi(text.replace(NOT_XML, '\uFFFD')).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value (double-quoted): also quotes, and line breaks and tabs as character references so they survive normalisation. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
