// docs/kpis.md must match the registry byte for byte: regenerate with `npm run docs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { renderKpiDocs } from '../../src/report/kpi-docs.js';
import { ROOT } from '../helpers/run-kpi.js';

it('docs/kpis.md is generated from the registry (run `npm run docs` after changing a KPI)', () => {
  expect(readFileSync(join(ROOT, 'docs', 'kpis.md'), 'utf8')).toBe(renderKpiDocs());
});
