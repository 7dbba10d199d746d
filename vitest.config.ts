import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: a case that spawns kpi a dozen times takes 5 s on a quiet 2-core machine but 30 s+ when several
    // suites share it (load 20-30 while engineers land in parallel). A wrong result still fails at once; only a
    // hang waits this long.
    testTimeout: 120_000,
    // Golden tests spawn the built binary; a few at a time keeps a 2-core CI machine responsive.
    maxWorkers: 2,
  },
});
