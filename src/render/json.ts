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
      for (let j = 0; j < item.length; j += BATCH) {
        // `{"x": [items]}` at indent 2 puts the items at the depth they have here: no second pass to indent them.
        const text = JSON.stringify({ x: item.slice(j, j + BATCH) }, null, 2);
        yield jsonVisible(`${j === 0 ? '' : ','}${text.slice(OPEN.length, -CLOSE.length)}`);
      }
      yield '\n  ]';
    } else yield jsonVisible(indent(JSON.stringify(item, null, 2), '  '));
    if (i < entries.length - 1) yield ',';
  }
  yield entries.length ? '\n}\n' : '}\n';
}

/** Results per part: a few kilobytes of text. */
const BATCH = 16;
/** What `JSON.stringify({ x: [...] }, null, 2)` has around the items. */
const OPEN = '{\n  "x": [';
const CLOSE = '\n  ]\n}';

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);
