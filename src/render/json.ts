// JSON renderer (SPEC §6): the report model as is, with stable key order and a trailing newline.
import type { Report } from '../report/model.js';
import type { Renderer } from './types.js';
import { jsonVisible } from '../util/text.js';

/**
 * The same text as `JSON.stringify(report, null, 2)`, made a result at a time (Rendered `chunks`): a million groups
 * make a text over V8's longest string (about 512 MB). C1 controls and bidirectional overrides are written as `\u`
 * escapes: the same values when parsed, inert when printed.
 */
export const renderJson: Renderer = (report) => ({ chunks: jsonChunks(report) });

export function* jsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function');
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i];
    yield `\n  ${JSON.stringify(key)}: `;
    if (key === 'results' && Array.isArray(value) && value.length > 0) {
      yield '[';
      for (let j = 0; j < value.length; j++) yield jsonVisible(`${j === 0 ? '' : ','}\n    ${indent(JSON.stringify(value[j], null, 2), '    ')}`);
      yield '\n  ]';
    } else yield jsonVisible(indent(JSON.stringify(value, null, 2), '  '));
    if (i < entries.length - 1) yield ',';
  }
  yield entries.length ? '\n}\n' : '}\n';
}

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);
