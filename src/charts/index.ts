// Charts of accounts as data (README "Charts of accounts"): the built-in NS 4102 and BAS, a user's chart file,
// and detection from account numbers. A leaf-ish layer: readers import it, it imports only the leaves.
export * from './chart.js';
export * from './builtin.js';
export * from './detect.js';
export { chartOf, loadChartFile, type ChartSetting } from './user-chart.js';
export { NS4102 } from './ns4102.js';
export { BAS } from './bas.js';
