/**
 * How wide the sampled suites draw. `npm test` keeps within its five-minute budget on a 2-core CI machine with a
 * smaller draw of the differential suites, one fixture per folder in the `kpi init` sweep and the md/html/table
 * locales of same-numbers on its first case only; `npm run test:wide` (KPI_TEST_WIDE=1; CI runs it after `npm test`,
 * package.json names its files) runs all of them.
 */
export const WIDE = process.env.KPI_TEST_WIDE === '1';
