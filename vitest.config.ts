import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Golden tests spawn the built binary; a few at a time keeps a 2-core CI machine responsive.
    maxWorkers: 2,
  },
});
