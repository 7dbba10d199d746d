// JSON renderer (SPEC §6): the report model as is, with stable key order and a trailing newline.
import type { Renderer } from './types.js';

export const renderJson: Renderer = (report) => ({ text: `${JSON.stringify(report, null, 2)}\n` });
