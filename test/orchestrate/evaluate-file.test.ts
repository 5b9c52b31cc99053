// `guardrail evaluate` has two ways through a snapshot file — whole in memory below a size, streamed
// one account at a time above it — and they must write the same findings.json, byte for byte. The
// snapshot is the benchmark's synthetic organization (SCPs, OUs, users, regional slices) in both
// layouts guardrail writes.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { evaluateSnapshotFile } from '../../src/orchestrate/evaluate-file.js'
import { loadRules } from '../../src/rules/load.js'
import { writeLargeSnapshotFile } from '../../bench/make-large-snapshot.js'
import { tempDir } from '../cli/helpers.js'

const evaluate = (file: string, findingsPath: string, wholeFileBelowBytes: number) =>
  evaluateSnapshotFile({ file, ruleSet: loadRules({ checks: ALL_CHECKS }), findingsPath, command: 'evaluate', tool: { name: 'guardrail', version: 'test' }, wholeFileBelowBytes })

describe('evaluate: in memory and streamed give the same report', () => {
  for (const layout of ['assemble', 'pretty'] as const) {
    it(`${layout} layout`, async () => {
      const dir = tempDir()
      const file = join(dir, 'snapshot.json')
      await writeLargeSnapshotFile(file, { accounts: 30, users: 8, regions: 2, seed: 3, layout })
      const whole = await evaluate(file, join(dir, 'whole', 'findings.json'), Number.POSITIVE_INFINITY)
      const streamed = await evaluate(file, join(dir, 'streamed', 'findings.json'), 0)
      expect(whole.findings).toBeGreaterThan(1000)
      expect(streamed.findings).toBe(whole.findings)
      expect(readFileSync(join(dir, 'streamed', 'findings.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole', 'findings.json'), 'utf8'))
    }, 120_000)
  }
})
