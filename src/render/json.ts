// JSON renderer (SPEC §6): the report model as is, with stable key order and a trailing newline.
import type { Report, ReportLayout, ResultRow } from '../report/model.js';
import { layoutRows, sectionOfKpi } from './sections.js';
import { arrangeResults } from './order.js';
import type { Renderer } from './types.js';
import { jsonVisible } from '../util/text.js';

/**
 * The same text as `JSON.stringify(report, null, 2)`, made a result at a time (Rendered `chunks`): a million groups
 * make a text over V8's longest string (about 512 MB). C1 controls and bidirectional overrides are written as `\u`
 * escapes: the same values when parsed, inert when printed.
 */
export const renderJson: Renderer = (report, context, options) => {
  // --sort and --hide, when given, order and filter the results as in every format (render/order.ts); by default
  // they stay in registry order, all of them, and the summary always counts every result.
  const arranged = options?.sort || options?.hide ? { ...report, results: arrangeResults(report.results, options) } : report;
  return { chunks: jsonChunks(context?.layout ? { ...arranged, layout: layoutJson(report.results, context.layout) } : arranged) };
};

/**
 * `report:` of kpi.yaml, after the report's fields and only when there is one (README "JSON output"): the title,
 * the company, each section with the ids of the KPIs of these rows in it (the last one holding those no section
 * names) and the statuses the human formats hide. The rows are all there, in the same order, with or without.
 */
export function layoutJson(rows: readonly Pick<ResultRow, 'kpi' | 'status'>[], layout: ReportLayout) {
  const ordered = layoutRows(rows, { ...layout, hide: [] });
  const sectionOf = sectionOfKpi(layout, rows.map((r) => r.kpi));
  const order: { name: string; kpis: string[] }[] = [];
  for (const r of ordered) {
    const name = sectionOf.get(r.kpi);
    if (name === undefined) continue;
    let last = order[order.length - 1];
    if (!last || last.name !== name) order.push((last = { name, kpis: [] }));
    if (last.kpis[last.kpis.length - 1] !== r.kpi) last.kpis.push(r.kpi);
  }
  return { title: layout.title ?? null, company: layout.company ?? null, sections: order, hide: layout.hide };
}

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
