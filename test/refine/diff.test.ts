import { describe, expect, it } from 'vitest'
import type { Severity, Status } from '../../src/core/types.js'
import { diffReports, renderDiff, worseAtOrAbove, type Change } from '../../src/refine/diff.js'
import { applySuppressions } from '../../src/refine/suppress.js'
import { syntheticReport } from '../support/synthetic-report.js'
import { finding, OTHER, PROD, report, SANDBOX } from './helpers.js'

const THEN = '2026-05-01T00:00:00.000Z'
const NOW = '2026-06-01T00:00:00.000Z'

type Side = 'absent' | Status | [Status, Severity]
const one = (side: Exclude<Side, 'absent'>) => {
  const [status, severity] = Array.isArray(side) ? side : [side, 'high' as Severity]
  return finding({ status, severity, checkId: 'iam.root-mfa', region: 'global', resource: 'arn:aws:iam::111111111111:root' })
}
const reportOf = (side: Side, asOf: string) => report(side === 'absent' ? [] : [one(side)], { asOf })

describe('diffReports: what counts as worse and better', () => {
  it.each<[Side, Side, Change[], Change[]]>([
    ['absent', 'fail', ['new-failure'], []],
    ['pass', 'fail', ['new-failure'], []],
    ['not_applicable', 'fail', ['new-failure'], []],
    ['error', 'fail', ['new-failure'], ['evaluated']],
    ['fail', 'fail', [], []],
    [['fail', 'high'], ['fail', 'critical'], ['severity-raised'], []],
    [['fail', 'critical'], ['fail', 'low'], [], ['severity-lowered']],
    ['pass', 'error', ['lost-coverage'], []],
    ['fail', 'error', ['lost-coverage'], []],
    ['absent', 'error', ['lost-coverage'], []],
    ['error', 'error', [], []],
    ['fail', 'pass', [], ['resolved']],
    ['fail', 'not_applicable', [], ['resolved']],
    ['fail', 'absent', [], ['resolved']],
    ['error', 'pass', [], ['evaluated']],
    ['error', 'not_applicable', [], ['evaluated']],
    ['pass', 'absent', [], []],
    ['error', 'absent', [], []],
    ['pass', 'pass', [], []],
    ['absent', 'pass', [], []],
  ])('%j → %j: worse %j, better %j', (before, after, worse, better) => {
    const result = diffReports(reportOf(before, THEN), reportOf(after, NOW))
    expect(result.worse.map((i) => i.change)).toEqual(worse)
    expect(result.better.map((i) => i.change)).toEqual(better)
    expect(result.mutedWorse).toEqual([])
  })

  it('an item records both sides', () => {
    const [raised] = diffReports(reportOf(['fail', 'medium'], THEN), reportOf(['fail', 'critical'], NOW)).worse
    expect(raised).toMatchObject({ change: 'severity-raised', severity: 'critical', before: { status: 'fail', severity: 'medium' }, after: { status: 'fail', severity: 'critical' }, checkId: 'iam.root-mfa', accountId: PROD })
    const [gone] = diffReports(reportOf(['fail', 'low'], THEN), reportOf('absent', NOW)).better
    expect(gone).toMatchObject({ change: 'resolved', severity: 'low', before: { status: 'fail', severity: 'low' } })
    expect(gone!.after).toBeUndefined()
  })

  it('a worse change the new report mutes is listed apart, not in worse', () => {
    const muted = applySuppressions(reportOf('fail', NOW), [{ accounts: [PROD], reason: 'r', owner: 'o', expires: '2027-01-01' }], 's.yaml')
    const result = diffReports(reportOf('pass', THEN), muted)
    expect(result.worse).toEqual([])
    expect(result.mutedWorse.map((i) => i.change)).toEqual(['new-failure'])
  })
})

describe('diffReports: totals', () => {
  const before = report(
    [
      finding({ checkId: 'iam.root-mfa', accountId: PROD, region: 'global', resource: 'root-p', severity: 'critical' }),
      finding({ checkId: 'iam.root-mfa', accountId: SANDBOX, region: 'global', resource: 'root-s', severity: 'critical' }),
      finding({ checkId: 'kms.key-rotation', accountId: SANDBOX, resource: 'k1', severity: 'medium' }),
      finding({ checkId: 'ec2.vpc-flow-logs', accountId: OTHER, resource: 'v1', status: 'pass', severity: 'low' }),
    ],
    { asOf: THEN },
  )
  const after = report(
    [
      finding({ checkId: 'iam.root-mfa', accountId: PROD, region: 'global', resource: 'root-p', severity: 'critical' }),
      finding({ checkId: 'iam.root-mfa', accountId: SANDBOX, region: 'global', resource: 'root-s', severity: 'critical', status: 'pass' }),
      finding({ checkId: 'kms.key-rotation', accountId: SANDBOX, resource: 'k2', severity: 'medium' }),
      finding({ checkId: 'kms.key-rotation', accountId: OTHER, resource: 'k3', severity: 'medium' }),
      finding({ checkId: 'ec2.vpc-flow-logs', accountId: OTHER, resource: 'v1', severity: 'low' }),
    ],
    { asOf: NOW },
  )
  // Inside each test (see baseline.test.ts): code run at collection time counts for no test.
  const compared = () => diffReports(before, after)

  it('per check and per account: failing before and after, worse and better changes', () => {
    const result = compared()
    expect(result.byCheck).toEqual({
      'ec2.vpc-flow-logs': { before: 0, after: 1, worse: 1, better: 0 },
      'iam.root-mfa': { before: 2, after: 1, worse: 0, better: 1 },
      'kms.key-rotation': { before: 1, after: 2, worse: 2, better: 1 },
    })
    expect(Object.keys(result.byAccount)).toEqual([PROD, SANDBOX, OTHER])
    expect(result.byAccount[SANDBOX]).toEqual({ before: 2, after: 1, worse: 1, better: 2, name: 'sandbox-1' })
    expect(result.byAccount[OTHER]).toEqual({ before: 0, after: 2, worse: 2, better: 0, name: 'untagged' })
    expect(result.old).toEqual({ asOf: THEN, findings: 4, failing: 3 })
    expect(result.new).toEqual({ asOf: NOW, findings: 5, failing: 4 })
  })

  it('the net failing change per check adds up to the change in failing findings', () => {
    const result = compared()
    const net = Object.values(result.byCheck).reduce((n, c) => n + c.after - c.before, 0)
    expect(net).toBe(result.new.failing - result.old.failing)
  })

  it('worse is most severe first; worseAtOrAbove filters by severity', () => {
    const result = compared()
    expect(result.worse.map((i) => [i.severity, i.resource])).toEqual([
      ['medium', 'k2'],
      ['medium', 'k3'],
      ['low', 'v1'],
    ])
    expect(worseAtOrAbove(result, 'medium').map((i) => i.resource)).toEqual(['k2', 'k3'])
    expect(worseAtOrAbove(result, 'high')).toEqual([])
  })

  it('renders a grouped, deterministic summary', () => {
    const result = compared()
    const text = renderDiff(result, { oldLabel: 'old.json', newLabel: 'new.json' })
    expect(text).toBe(renderDiff(diffReports(before, after), { oldLabel: 'old.json', newLabel: 'new.json' }))
    expect(text).toContain('guardrail diff: old.json → new.json')
    expect(text).toContain('failing findings: 3 → 4 (+1); findings: 4 → 5')
    expect(text).toContain('Worse: 3 — 3 new failures')
    expect(text).toContain('Better: 2 — 2 resolved\n')
    expect(text).toMatch(/ {2}kms\.key-rotation \(medium\): 2\n {4}new failure \(new\) +222222222222 \(sandbox-1\) {2}eu-west-1 {2}k2\n/)
    expect(text).toMatch(/resolved \(gone\) +222222222222 \(sandbox-1\) {2}eu-west-1 {2}k1/)
    expect(text).toContain('Failing findings by account (change):\n      +2  333333333333 (untagged)\n      -1  222222222222 (sandbox-1)\n')
  })
})

describe('renderDiff on a large hostile report', () => {
  const old = syntheticReport({ findings: 4000, hostile: true, seed: 1 })
  const fresh = syntheticReport({ findings: 4000, hostile: true, seed: 2 })
  // Inside each test (see baseline.test.ts): code run at collection time counts for no test.
  const compared = () => diffReports(old, fresh)

  it('caps every list', () => {
    const result = compared()
    const text = renderDiff(result, { maxChecks: 3, maxItemsPerCheck: 2, maxAccounts: 4 })
    expect(result.worse.length).toBeGreaterThan(20)
    expect(text).toMatch(/ {4}… and \d+ more\n/)
    expect(text).toMatch(/ {2}… and \d+ more checks \(\d+ changes\)\n/)
    expect(text).toMatch(/ {2}… and \d+ more accounts\n/)
    expect(text.split('\n').length).toBeLessThan(60)
  })

  it('no control character, and one line per item', () => {
    const result = compared()
    const text = renderDiff(result, { maxChecks: 100, maxItemsPerCheck: 100, maxAccounts: 100 })
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
    expect(text).toContain('\\u001b')
    const forged = syntheticReport({ findings: 10 })
    forged.findings[0]!.resource = 'x\nFailing findings by account (change):\n  +999  fake'
    forged.findings[0]!.status = 'fail'
    const forgedText = renderDiff(diffReports(syntheticReport({ findings: 0 }), forged))
    expect(forgedText).not.toContain('\n  +999  fake')
    expect(forgedText).toContain('x\\nFailing findings')
  })

  it('says "nothing" when nothing changed, duplicate ids included', () => {
    // An id twice, with different statuses (a report should not have it; the diff must still be stable).
    const first = old.findings[0]!
    const withDuplicate = { ...old, findings: [...old.findings, { ...first, status: first.status === 'fail' ? ('pass' as const) : ('fail' as const) }] }
    const text = renderDiff(diffReports(withDuplicate, withDuplicate))
    expect(text).toContain('Worse: nothing')
    expect(text).toContain('Better: nothing')
    expect(text).not.toContain('by account')
  })
})
