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

/** `JSON.stringify(value, null, 2)` and a newline, the array under `streamed` (a report's results) an item at a time. */
export function* jsonChunks(value: Report | object, streamed = 'results'): Generator<string> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i];
    yield `\n  ${JSON.stringify(key)}: `;
    if (key === streamed && Array.isArray(item) && item.length > 0) {
      yield '[';
      for (let j = 0; j < item.length; j++) yield jsonVisible(`${j === 0 ? '' : ','}\n    ${indent(JSON.stringify(item[j], null, 2), '    ')}`);
      yield '\n  ]';
    } else yield jsonVisible(indent(JSON.stringify(item, null, 2), '  '));
    if (i < entries.length - 1) yield ',';
  }
  yield entries.length ? '\n}\n' : '}\n';
}

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);
