// JSON renderer (SPEC §6): the report model as is, with stable key order and a trailing newline.
import type { Report } from '../report/model.js';
import type { Renderer } from './types.js';
import { jsonVisible } from '../util/text.js';

/**
 * The same bytes as `JSON.stringify(report, null, 2)`, built a result at a time: a million groups make a text over
 * V8's longest string (about 512 MB), so the parts become bytes one by one. C1 controls and bidirectional overrides
 * are written as `\u` escapes: the same values when parsed, inert when printed.
 */
export const renderJson: Renderer = (report) => ({ bytes: jsonBytes(report) });

export function jsonBytes(report: Report): Uint8Array {
  const parts: Buffer[] = [];
  const put = (text: string) => parts.push(Buffer.from(jsonVisible(text), 'utf8'));
  const entries = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function');
  put('{');
  entries.forEach(([key, value], i) => {
    put(`\n  ${JSON.stringify(key)}: `);
    if (key === 'results' && Array.isArray(value) && value.length > 0) {
      put('[');
      value.forEach((r, j) => put(`${j === 0 ? '' : ','}\n    ${indent(JSON.stringify(r, null, 2), '    ')}`));
      put('\n  ]');
    } else put(indent(JSON.stringify(value, null, 2), '  '));
    if (i < entries.length - 1) put(',');
  });
  put(entries.length ? '\n}\n' : '}\n');
  return Buffer.concat(parts);
}

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);
