// Mutation testing of the pure core (checks, SCP and policy evaluation, the engine, report refinement
// and exports): `npm run mutation`.
// Not part of CI's test command — a full run takes tens of minutes. Reports go to reports/mutation/
// (HTML, JSON, and clear text on stdout); the incremental file lets a re-run test only the mutants
// whose code or tests changed. Scope a run with e.g. `npm run mutation -- --mutate 'src/scp/**/*.ts'`.
// Caveat: incremental mode reuses the result of *static* mutants (module-level constants such as the
// condition-operator table) even when tests changed, so they can stay "Survived" after a test that
// kills them is added; `npm run mutation -- --force` re-tests everything and gives the authoritative score.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: {
    configFile: 'vitest.mutation.config.ts',
  },
  mutate: [
    'src/checks/**/*.ts',
    'src/scp/**/*.ts',
    'src/policy/**/*.ts',
    'src/engine/**/*.ts',
    // Report refinement (selection, suppressions, baseline, diff), the glob matcher, the exports.
    'src/refine/**/*.ts',
    'src/core/glob.ts',
    'src/report/formats/**/*.ts',
    // The check registry is only a list of imports.
    '!src/checks/index.ts',
  ],
  // Keep the sandbox copy small: Stryker copies the project (node_modules is linked, not copied).
  ignorePatterns: ['.venv', 'dist', 'guardrail-report', '.guardrail', 'bench/out', 'coverage', 'reports'],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['html', 'clear-text', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
}
