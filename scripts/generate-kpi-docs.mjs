// Writes docs/kpis.md from the built registry (run `npm run docs`, which builds first).
import { writeFileSync } from 'node:fs';
import { renderKpiDocs } from '../dist/report/kpi-docs.js';

writeFileSync(new URL('../docs/kpis.md', import.meta.url), renderKpiDocs());
console.log('wrote docs/kpis.md');
