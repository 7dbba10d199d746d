// JSON renderer (SPEC §6): the report model as is, with stable key order and a trailing newline.
import type { Renderer } from './types.js';
import { jsonVisible } from '../util/text.js';

/** C1 controls and bidirectional overrides as `\u` escapes: the same values when parsed, inert when printed. */
export const renderJson: Renderer = (report) => ({ text: `${jsonVisible(JSON.stringify(report, null, 2))}\n` });
