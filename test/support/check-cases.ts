// RuleTester-style table tests for checks. Each case names the verdict it expects, and the
// helper asserts it strictly, so a check that always passes (or never emits) fails its tests.
import { describe, expect, it } from 'vitest'
import type { AnyCheck } from '../../src/checks/define.js'
import type { Finding, Status } from '../../src/core/types.js'
import { evaluateSnapshot } from '../../src/engine/evaluate.js'
import type { RuleSet } from '../../src/rules/load.js'
import type { Snapshot } from '../../src/snapshot/schema.js'
import type { OrgSettings } from '../../src/rules/schema.js'
import { NOW } from './builders.js'
import { loadRules } from '../../src/rules/load.js'
import { ALL_CHECKS } from '../../src/checks/index.js'

export interface CheckCase {
  name: string
  snapshot: Snapshot
  /** Option overrides on top of rules/baseline.yaml. */
  options?: Record<string, unknown>
  now?: Date
  /**
   * Findings that must be present with the case's status (matched on the given fields). For
   * `fail` cases, the fail findings must be exactly these (no more, no fewer).
   */
  expect?: Partial<Finding>[]
  /** Organization settings (identity/log-archive/audit accounts, sandbox OUs). */
  settings?: OrgSettings
}

export type CheckCaseTable = Partial<Record<Status, CheckCase[]>>

export function runCheck(check: AnyCheck, snap: Snapshot, options?: Record<string, unknown>, now = NOW, settings?: OrgSettings): Finding[] {
  const all: RuleSet = loadRules({ checks: ALL_CHECKS, overrides: options ? { [check.id]: { options } } : {} })
  const rule = all.rules.get(check.id)
  if (!rule) throw new Error(`${check.id} is not in rules/baseline.yaml`)
  const only: RuleSet = { frameworks: all.frameworks, settings: settings ?? all.settings, rules: new Map([[check.id, { ...rule, check, enabled: true }]]) }
  return evaluateSnapshot(snap, only, { now })
}

export function checkCases(check: AnyCheck, table: CheckCaseTable): void {
  describe(check.id, () => {
    for (const [status, cases] of Object.entries(table) as [Status, CheckCase[]][]) {
      for (const c of cases) {
        it(`${status}: ${c.name}`, () => {
          const findings = runCheck(check, c.snapshot, c.options, c.now, c.settings)
          expect(findings.length, 'the check must emit at least one finding').toBeGreaterThan(0)
          for (const f of findings) expect(f.checkId).toBe(check.id)
          const withStatus = findings.filter((f) => f.status === status)
          expect(withStatus.length, `expected a ${status} finding, got ${JSON.stringify(findings.map((f) => [f.status, f.resource, f.message]))}`).toBeGreaterThan(0)
          if (status === 'pass' || status === 'not_applicable') {
            // A compliant case must not hide a failure or an error.
            expect(findings.filter((f) => f.status === 'fail' || f.status === 'error')).toEqual([])
          }
          if (status === 'error') {
            expect(findings.filter((f) => f.status === 'pass'), 'nothing may pass when input is unreadable').toEqual([])
            for (const f of withStatus) expect(f.errorCode).toBeTruthy()
          }
          if (c.expect) {
            for (const e of c.expect) expect(withStatus).toContainEqual(expect.objectContaining(e))
            if (status === 'fail') expect(withStatus).toHaveLength(c.expect.length)
          }
        })
      }
    }
  })
}
