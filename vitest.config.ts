import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Emulator-backed suites each start their own moto server; two cores run two files at once.
    pool: 'forks',
  },
})
