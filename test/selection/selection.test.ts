import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { InputError } from '../../src/core/errors.js'
import { severityAtLeast } from '../../src/core/types.js'
import { resolveSelection, selectionRecord, selectReport, selectRuleSet, type SelectionInput } from '../../src/refine/selection.js'
import { loadRules } from '../../src/rules/load.js'
import { syntheticReport } from '../support/synthetic-report.js'

const ruleSet = loadRules({ checks: ALL_CHECKS })
const checks = [...ruleSet.rules.values()].map((r) => ({ id: r.check.id, severity: r.severity }))
const ids = (input: SelectionInput) => [...(resolveSelection(input, checks, ruleSet.frameworks) ?? [])].sort()
const fail = (input: SelectionInput): InputError => {
  try {
    resolveSelection(input, checks, ruleSet.frameworks)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error(`selection ${JSON.stringify(input)} was accepted`)
}

describe('resolveSelection', () => {
  it('selects nothing special when no flag is given', () => {
    expect(resolveSelection({}, checks, ruleSet.frameworks)).toBeUndefined()
  })

  it.each([
    [{ checks: ['iam.root-mfa'] }, ['iam.root-mfa']],
    [{ checks: ['iam.root-mfa', 'kms.key-rotation'] }, ['iam.root-mfa', 'kms.key-rotation']],
    [{ checks: ['cloudtrail.*'], excludeChecks: ['cloudtrail.s3-object-*'] }, checks.map((c) => c.id).filter((id) => id.startsWith('cloudtrail.') && !id.startsWith('cloudtrail.s3-object-'))],
    [{ framework: 'cis-aws-3.0:1.10' }, ['iam.user-console-mfa']],
    [{ framework: 'cis-aws-3.0:1.4', checks: ['iam.*'] }, ['iam.root-access-keys']],
  ])('%j selects exactly the named checks', (input, expected) => {
    expect(ids(input)).toEqual([...expected].sort())
  })

  it('a section selects the section and its sub-controls, not controls that merely share a prefix', () => {
    const section = ids({ framework: 'cis-aws-3.0:4' })
    const cis = ruleSet.frameworks.find((f) => f.id === 'cis-aws-3.0')!
    const expected = new Set(cis.controls.filter((c) => c.id === '4' || c.id.startsWith('4.')).flatMap((c) => c.checks))
    expect(section).toEqual([...expected].sort())
    expect(section.length).toBeGreaterThan(10)
    // '1' must not pick up 1x controls of another section such as '10.x' (none exist in CIS 3.0, so use a
    // framework where it matters: ISO 5 vs 5.x only)
    const iso5 = ids({ framework: 'iso27001-2022:5' })
    const iso = ruleSet.frameworks.find((f) => f.id === 'iso27001-2022')!
    expect(iso5).toEqual([...new Set(iso.controls.filter((c) => c.id.startsWith('5.')).flatMap((c) => c.checks))].sort())
  })

  it('--min-severity keeps only checks at or above it', () => {
    const high = ids({ minSeverity: 'high' })
    expect(high.length).toBeGreaterThan(0)
    for (const id of high) expect(severityAtLeast(ruleSet.rules.get(id)!.severity, 'high')).toBe(true)
    const dropped = checks.filter((c) => !high.includes(c.id))
    expect(dropped.every((c) => !severityAtLeast(c.severity, 'high'))).toBe(true)
  })

  it.each([
    [{ checks: ['iam.root-mfaa'] }, /no check with id "iam.root-mfaa"/, /iam.root-mfa/],
    [{ checks: ['nosuch.*'] }, /matches no check/, /guardrail checks/],
    [{ excludeChecks: ['iam.rot-mfa'] }, /--exclude-checks: no check/, /iam.root-mfa/],
    [{ framework: 'cis-aws-3' }, /no framework "cis-aws-3"/, /cis-aws-3.0/],
    [{ framework: 'cis-aws-3.0:9.9' }, /no control or section "9.9"/, /guardrail checks --framework|cis-aws-3.0:/],
    [{ framework: 'cis-aws-3.0:1.1' }, /no automated checks \(manual/, /guardrail checks --framework cis-aws-3.0/],
    [{ checks: ['iam.root-mfa'], excludeChecks: ['iam.*'] }, /leaves no check/, /Widen/],
  ])('%j is refused with a message and a hint', (input, message, hint) => {
    const err = fail(input)
    expect(err.message).toMatch(message)
    expect(err.hint).toMatch(hint)
    expect(err.exitCode).toBe(2)
  })
})

describe('selectRuleSet / selectReport', () => {
  it('narrows the rule set to the selection, and leaves it alone without one', () => {
    expect(selectRuleSet(ruleSet, {})).toBe(ruleSet)
    expect([...selectRuleSet(ruleSet, { checks: ['iam.*'] }).rules.keys()].every((id) => id.startsWith('iam.'))).toBe(true)
  })

  it('narrows a report: findings, checks and every count come from the selected checks only', () => {
    const report = syntheticReport({ findings: 3000 })
    const narrowed = selectReport(report, { checks: ['cloudwatch.*'], minSeverity: 'medium' })
    expect(narrowed.selection).toEqual({ checks: ['cloudwatch.*'], minSeverity: 'medium' })
    expect(narrowed.findings.length).toBeGreaterThan(0)
    expect(narrowed.findings.every((f) => f.checkId.startsWith('cloudwatch.') && severityAtLeast(f.severity, 'medium'))).toBe(true)
    expect(narrowed.findings.length).toBe(report.findings.filter((f) => f.checkId.startsWith('cloudwatch.') && severityAtLeast(f.severity, 'medium')).length)
    expect(narrowed.summary.findings).toBe(narrowed.findings.length)
    expect(narrowed.summary.byStatus.fail).toBe(narrowed.findings.filter((f) => f.status === 'fail').length)
    expect(Object.keys(narrowed.summary.byCheck).every((id) => id.startsWith('cloudwatch.'))).toBe(true)
    expect(narrowed.coverage.errors.length).toBe(narrowed.findings.filter((f) => f.status === 'error').length)
    expect(narrowed.checks.every((c) => c.id.startsWith('cloudwatch.'))).toBe(true)
  })
})

describe('selection messages, records and narrowed reports in detail', () => {
  it.each([
    [{ checks: ['iam.root-mfaa'] }, '--checks: no check with id "iam.root-mfaa".', /^Did you mean: iam\.root-mfa/],
    [{ checks: ['zzzzzzzzzzzzzzzzzzzz'] }, '--checks: no check with id "zzzzzzzzzzzzzzzzzzzz".', /^Run `guardrail checks` for the list of check ids\.$/],
    [{ checks: ['nosuch.*'] }, '--checks: the pattern "nosuch.*" matches no check.', /^Run `guardrail checks`.*iam\.\*/],
    [{ framework: 'cis-aws-3' }, '--framework: no framework "cis-aws-3".', /^Did you mean: cis-aws-3\.0\? Known frameworks: account-setup, aws-fsbp, cis-aws-3\.0, iso27001-2022\.$/],
    [{ framework: 'zzzzzzzzzzzz' }, '--framework: no framework "zzzzzzzzzzzz".', /^Known frameworks: account-setup, aws-fsbp, cis-aws-3\.0, iso27001-2022\.$/],
    [{ framework: 'cis-aws-3.0:' }, '--framework: "cis-aws-3.0:" names no control after the colon.', /^Use e\.g\. --framework cis-aws-3\.0:1\.1, or just --framework cis-aws-3\.0\.$/],
    [{ framework: 'cis-aws-3.0:1.100' }, '--framework: cis-aws-3.0 has no control or section "1.100".', /^Did you mean: cis-aws-3\.0:1\.10/],
    [{ framework: 'cis-aws-3.0:zz-top-zz' }, '--framework: cis-aws-3.0 has no control or section "zz-top-zz".', /^Run `guardrail checks --framework cis-aws-3\.0` for its controls\.$/],
    [{ framework: 'cis-aws-3.0:1.1' }, '--framework cis-aws-3.0:1.1: this control has no automated checks (manual: they need an attestation, not a scan).', /guardrail checks --framework cis-aws-3\.0/],
    [
      { checks: ['iam.root-mfa'], excludeChecks: ['iam.*'], framework: 'cis-aws-3.0', minSeverity: 'critical' as const },
      'The selection (--checks iam.root-mfa --exclude-checks iam.* --framework cis-aws-3.0 --min-severity critical) leaves no check to run.',
      /^Widen/,
    ],
  ])('%j: exact message and hint', (input, message, hint) => {
    const err = fail(input)
    expect(err.message).toBe(message)
    expect(err.hint).toMatch(hint)
  })

  it('a manual section (several controls, none automated) says "these controls have"', () => {
    const cis = ruleSet.frameworks.find((f) => f.id === 'cis-aws-3.0')!
    const manualOnly = { ...cis, controls: [{ id: '9.1', title: 'a', checks: [] }, { id: '9.2', title: 'b', checks: [] }] }
    expect(() => resolveSelection({ framework: 'cis-aws-3.0:9' }, checks, [manualOnly])).toThrow(/^--framework cis-aws-3.0:9: these controls have no automated checks/)
  })

  it('empty lists select nothing special', () => {
    expect(resolveSelection({ checks: [], excludeChecks: [] }, checks, ruleSet.frameworks)).toBeUndefined()
    expect(resolveSelection({ checks: [] , minSeverity: 'critical' }, checks, ruleSet.frameworks)!.size).toBeGreaterThan(0)
    expect(ids({ excludeChecks: ['iam.root-mfa'] })).toEqual(checks.map((c) => c.id).filter((id) => id !== 'iam.root-mfa').sort())
  })

  it('records only the parts of the selection that were given', () => {
    expect(selectionRecord({})).toEqual({})
    expect(selectionRecord({ checks: [], excludeChecks: [] })).toEqual({})
    expect(selectionRecord({ excludeChecks: ['iam.*'] })).toEqual({ excludeChecks: ['iam.*'] })
    expect(selectionRecord({ framework: 'cis-aws-3.0:1' })).toEqual({ framework: 'cis-aws-3.0:1' })
    expect(selectionRecord({ checks: ['a'], excludeChecks: ['b'], framework: 'f', minSeverity: 'low' })).toEqual({ checks: ['a'], excludeChecks: ['b'], framework: 'f', minSeverity: 'low' })
  })

  it('a narrowed rule set keeps each selected rule as it was', () => {
    const narrowed = selectRuleSet(ruleSet, { checks: ['iam.root-mfa', 'kms.key-rotation'] })
    expect([...narrowed.rules.keys()].sort()).toEqual(['iam.root-mfa', 'kms.key-rotation'])
    expect(narrowed.rules.get('iam.root-mfa')).toBe(ruleSet.rules.get('iam.root-mfa'))
    expect(narrowed.frameworks).toBe(ruleSet.frameworks)
  })

  it('a narrowed report keeps only the selected checks in coverage: disabled, skipped and run', () => {
    const base = syntheticReport({ findings: 400 })
    const orgCheck = base.coverage.checksSkipped[0]!.checkId // organization checks: skipped in the synthetic (no organization view)
    const disabled = 'kms.key-rotation'
    const report = {
      ...base,
      checks: base.checks.map((c) => (c.id === disabled ? { ...c, enabled: false } : c)),
      coverage: { ...base.coverage, checksDisabled: [disabled] },
      findings: base.findings.filter((f) => f.checkId !== disabled),
    }
    const narrowed = selectReport(report, { checks: [orgCheck, disabled, 'iam.root-mfa', 'iam.root-access-keys'] })
    expect(narrowed.coverage.checksDisabled).toEqual([disabled])
    expect(narrowed.coverage.checksSkipped.map((s) => s.checkId)).toEqual([orgCheck])
    expect(narrowed.coverage.checksRun).toBe(2) // enabled, selected, not skipped
    expect(narrowed.checks.map((c) => c.id).sort()).toEqual([orgCheck, disabled, 'iam.root-access-keys', 'iam.root-mfa'].sort())
    const other = selectReport(report, { checks: ['iam.root-mfa'] })
    expect(other.coverage.checksDisabled).toEqual([])
    expect(other.coverage.checksSkipped).toEqual([])
    expect(other.coverage.checksRun).toBe(1)
    // Without a selection the report is returned as it is.
    expect(selectReport(report, {})).toBe(report)
  })

  it('a report without framework controls (written before they were recorded) still selects by check, not by framework', () => {
    const report = syntheticReport({ findings: 100 })
    const bare = { ...report, frameworks: report.frameworks.map(({ controls: _controls, ...f }) => f) }
    expect(selectReport(bare, { checks: ['iam.root-mfa'] }).checks.map((c) => c.id)).toEqual(['iam.root-mfa'])
    expect(() => selectReport(bare, { framework: 'cis-aws-3.0:1.10' })).toThrow(/no control or section "1.10"/)
  })
})
