import { describe, expect, it } from 'vitest'
import { recount } from '../../src/refine/recount.js'
import { syntheticReport } from '../support/synthetic-report.js'

const base = syntheticReport({ findings: 300, mutedShare: 0 })

describe('recount: totals are a count of the findings in the same document', () => {
  it('counts statuses, unmuted failures by severity, per-check counts and coverage errors from the findings', () => {
    const first = base.findings.find((f) => f.status === 'fail')!
    const tampered = { ...base, suppressions: { file: 's.yaml', entries: [] }, summary: { ...base.summary, findings: 0 }, findings: base.findings.map((f) => (f === first ? { ...f, muted: { reason: 'r', owner: 'o', expires: '2099-01-01' } } : f)) }
    const r = recount(tampered)
    expect(r.summary.findings).toBe(base.findings.length)
    expect(r.summary.byStatus.fail).toBe(base.findings.filter((f) => f.status === 'fail').length)
    expect(r.summary.failuresBySeverity[first.severity]).toBe(base.summary.failuresBySeverity[first.severity] - 1)
    expect(r.summary.muted).toBe(1)
    expect(r.coverage.errors).toHaveLength(base.findings.filter((f) => f.status === 'error').length)
    expect(r.coverage.errors.length).toBeGreaterThan(0)
    expect(r.coverage.complete).toBe(false)
    expect(r.coverage.errors.every((e) => e.errorCode === 'AccessDenied')).toBe(true)
  })

  it('complete coverage when no finding is an error; an error without a code is "Unknown"', () => {
    const noErrors = recount({ ...base, findings: base.findings.filter((f) => f.status !== 'error') })
    expect(noErrors.coverage).toMatchObject({ complete: true, errors: [] })
    const error = base.findings.find((f) => f.status === 'error')!
    const { errorCode: _code, ...codeless } = error
    expect(recount({ ...base, findings: [codeless] }).coverage.errors[0]!.errorCode).toBe('Unknown')
  })

  it('summary.muted only when suppressions were applied', () => {
    expect('muted' in recount(base).summary).toBe(false)
    const mutedWithoutSection = { ...base, findings: base.findings.map((f) => ({ ...f, muted: { reason: 'r', owner: 'o', expires: 'x' } })) }
    expect('muted' in recount(mutedWithoutSection).summary).toBe(false)
    const withSection = recount({ ...base, suppressions: { file: 's.yaml', entries: [] } })
    expect(withSection.summary.muted).toBe(0)
  })

  it('baseline.newFailuresBySeverity counts unmuted failures marked new, and only with a baseline', () => {
    expect(recount(base).baseline).toBeUndefined()
    const fails = base.findings.filter((f) => f.status === 'fail')
    const [a, b, c] = fails
    const findings = base.findings.map((f) => (f === a ? { ...f, baseline: 'new' as const } : f === b ? { ...f, baseline: 'new' as const, muted: { reason: 'r', owner: 'o', expires: 'x' } } : f === c ? { ...f, baseline: 'unchanged' as const } : f))
    const zero = { critical: 0, high: 0, medium: 0, low: 0, info: 0 }
    const r = recount({ ...base, findings, baseline: { file: 'b.json', asOf: 'x', counts: { new: 2, unchanged: 1, resolved: 0 }, newFailuresBySeverity: { ...zero, info: 9 }, gone: [] } })
    expect(r.baseline!.newFailuresBySeverity).toEqual({ ...zero, [a!.severity]: 1 })
  })
})
