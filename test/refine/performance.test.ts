// 100,000 findings against 100,000: the refine steps are linear. The bounds are generous (a shared,
// loaded CI machine must not flake); what they catch is a quadratic slip, which at this size takes
// minutes, not seconds.
import { describe, expect, it } from 'vitest'
import { reportFindingSchema } from '../../src/report/schema.js'
import { applyBaseline, copyFinding } from '../../src/refine/baseline.js'
import { diffReports, renderDiff } from '../../src/refine/diff.js'
import { applySuppressions } from '../../src/refine/suppress.js'
import type { SuppressionEntry } from '../../src/refine/suppressions-schema.js'
import { syntheticReport } from '../support/synthetic-report.js'

const timed = <T>(run: () => T): { value: T; ms: number } => {
  const started = performance.now()
  const value = run()
  return { value, ms: performance.now() - started }
}

describe('refine steps on 100,000 findings', () => {
  const old = syntheticReport({ findings: 100_000, seed: 1 })
  const fresh = syntheticReport({ findings: 100_000, seed: 2 })
  const entries: SuppressionEntry[] = Array.from({ length: 50 }, (_, i) => ({
    checks: [i % 2 === 0 ? 'iam.*' : 'ec2.*'],
    ous: ['Sandbox'],
    resources: [`*resource-${i}?*`],
    reason: 'r',
    owner: 'o',
    expires: '2027-01-01',
  }))

  it('suppressions (50 entries), baseline and diff each finish well within bounds', () => {
    const muted = timed(() => applySuppressions(fresh, entries, 's.yaml'))
    const compared = timed(() => applyBaseline(muted.value, old, 'old.json'))
    const diff = timed(() => diffReports(old, compared.value.report))
    const text = timed(() => renderDiff(diff.value))
    console.log(`100k findings: suppressions ${muted.ms.toFixed(0)} ms, baseline ${compared.ms.toFixed(0)} ms, diff ${diff.ms.toFixed(0)} ms, render ${text.ms.toFixed(0)} ms`)
    expect(muted.value.summary.muted).toBeGreaterThan(0)
    expect(compared.value.report.baseline!.counts.new).toBeGreaterThan(0)
    expect(diff.value.worse.length).toBeGreaterThan(0)
    expect(muted.ms).toBeLessThan(5000)
    expect(compared.ms).toBeLessThan(5000)
    expect(diff.ms).toBeLessThan(5000)
    expect(text.ms).toBeLessThan(2000)
  })

  it('a report compared with itself is all unchanged, duplicate ids included', () => {
    const { report } = applyBaseline(old, old, 'same.json')
    expect(report.baseline!.counts).toEqual({ new: 0, unchanged: old.findings.length, resolved: 0 })
    expect(report.baseline!.gone).toEqual([])
    expect(diffReports(old, old)).toMatchObject({ worse: [], better: [], mutedWorse: [] })
  })
})

describe('copyFinding', () => {
  it('copies every field the report schema has (a new field must be added to it)', () => {
    const full = {
      id: 'a'.repeat(24),
      checkId: 'iam.root-mfa',
      status: 'fail',
      severity: 'critical',
      accountId: '111111111111',
      region: 'global',
      resource: 'arn:aws:iam::111111111111:root',
      message: 'm',
      frameworks: { 'cis-aws-3.0': ['1.5'] },
      evidence: { e: 1 },
      errorCode: 'E',
      muted: { reason: 'r', owner: 'o', expires: '2027-01-01', suppression: 's' },
      baseline: 'new',
      firstSeen: '2026-01-01T00:00:00.000Z',
    }
    // Every field of the schema is in the fixture, so a new field fails here until both know it.
    expect(Object.keys(full).sort()).toEqual(Object.keys(reportFindingSchema.shape).sort())
    expect(copyFinding(full as never)).toEqual(full)
  })

  it('replaces or removes the refine fields, and copies', () => {
    const f = syntheticReport({ findings: 50, mutedShare: 1 }).findings.find((x) => x.muted)!
    const copy = copyFinding(f, { muted: undefined, baseline: 'new' })
    expect(copy).not.toBe(f)
    expect('muted' in copy).toBe(false)
    expect(copy.baseline).toBe('new')
    expect(f.muted).toBeDefined()
  })
})
