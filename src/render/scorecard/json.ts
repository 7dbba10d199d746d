// `kpi scorecard --format json`: the scorecard model as is (README "kpi scorecard"), stable key order, every row;
// with `report:` in kpi.yaml, `layout` after it as in the report's JSON.
import { jsonChunks, layoutJson } from '../json.js';
import type { ScorecardRenderer } from './index.js';

export const renderScorecardJson: ScorecardRenderer = (scorecard, context) => ({
  chunks: jsonChunks(context.layout ? { ...scorecard, layout: layoutJson(scorecard.rows.map((r) => ({ kpi: r.kpi, status: r.ytd.status, group: r.group })), context.layout) } : scorecard, 'rows'),
});
