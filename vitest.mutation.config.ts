// Vitest configuration for mutation testing (`npm run mutation`, see stryker.config.mjs): only the
// pure, in-process suites over the code Stryker mutates. Nothing here may start the AWS emulator —
// each mutant re-runs the tests that cover it, so a suite that spawns moto would make a run take hours.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'test/checks/**/*.test.ts',
      'test/scp/**/*.test.ts',
      'test/policy/**/*.test.ts',
      'test/engine/**/*.test.ts',
      'test/refine/**/*.test.ts',
      'test/core/glob.test.ts',
      'test/selection/**/*.test.ts',
      'test/report/formats/**/*.test.ts',
    ],
    exclude: [
      '**/node_modules/**',
      // End-to-end tests start the emulator (moto): not unit tests.
      '**/*.e2e.test.ts',
      // Cross-checks 500 random SCP chains against @cloud-copilot/iam-simulate: ~1.5 s per run, and it
      // covers nearly every SCP/policy mutant, so it would dominate the run time. The unit tests must
      // pin the behaviour on their own; CI's normal test run still runs the oracle.
      'test/scp/oracle.test.ts',
      // 100,000-finding timings: a bound on speed, not on behaviour; seconds per mutant.
      'test/refine/performance.test.ts',
    ],
    testTimeout: 60_000,
  },
})
