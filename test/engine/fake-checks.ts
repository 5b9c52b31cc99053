// Fake checks for the engine's tests: a check is data plus one function, so a test can make one that
// does exactly what the guarantee under test needs (emit then throw, read an undeclared slice, …) and
// count how often the engine called it.
import type { AnyCheck, CheckContext, CheckInput, CheckScope } from '../../src/checks/define.js'
import type { RuleSet } from '../../src/rules/load.js'
import { DEFAULT_ORG_SETTINGS } from '../../src/rules/schema.js'
import type { RegionalSliceKey, SliceKey } from '../../src/snapshot/slices.js'

export interface FakeCheck extends AnyCheck {
  /** How many times the engine called evaluate. */
  calls: number
}

export interface Declared {
  requires?: SliceKey[]
  acrossRegions?: RegionalSliceKey[]
  fromMembers?: SliceKey[]
}

export function fakeCheck(id: string, scope: CheckScope, declared: Declared, body: (input: CheckInput, ctx: CheckContext<unknown>) => void): FakeCheck {
  const check: FakeCheck = {
    id,
    title: id,
    description: id,
    rationale: id,
    remediation: id,
    scope,
    requires: declared.requires ?? [],
    ...(declared.acrossRegions ? { acrossRegions: declared.acrossRegions } : {}),
    ...(declared.fromMembers ? { fromMembers: declared.fromMembers } : {}),
    calls: 0,
    evaluate(input, ctx) {
      check.calls++
      body(input, ctx)
    },
  }
  return check
}

/** A rule set holding exactly these checks, enabled, as check-cases.ts's runCheck builds one. */
export function rulesOf(...checks: AnyCheck[]): RuleSet {
  return {
    frameworks: [],
    settings: DEFAULT_ORG_SETTINGS,
    rules: new Map(checks.map((check) => [check.id, { check, enabled: true, severity: 'high' as const, options: {}, frameworks: {} }])),
  }
}
