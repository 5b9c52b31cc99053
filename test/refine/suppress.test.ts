import { describe, expect, it } from 'vitest'
import { SEVERITIES } from '../../src/core/types.js'
import { findingsReportSchema, type FindingsReport } from '../../src/report/schema.js'
import { applySuppressions, compileSuppressions, suppressionWarnings } from '../../src/refine/suppress.js'
import type { SuppressionEntry } from '../../src/refine/suppressions-schema.js'
import { syntheticReport } from '../support/synthetic-report.js'
import { finding, inputError, OTHER, PROD, report, SANDBOX } from './helpers.js'

const FILE = 'suppressions.yaml'
const base = { reason: 'accepted', owner: 'team@example.com', expires: '2027-03-31' }
const entry = (fields: Partial<SuppressionEntry>): SuppressionEntry => ({ ...base, ...fields })

const named = {
  sshProd: finding({ checkId: 'ec2.no-ssh-from-internet', accountId: PROD, region: 'eu-west-1', resource: `arn:aws:ec2:eu-west-1:${PROD}:security-group/sg-0abc1234` }),
  sshSandbox: finding({ checkId: 'ec2.no-ssh-from-internet', accountId: SANDBOX, region: 'us-east-1', resource: `arn:aws:ec2:us-east-1:${SANDBOX}:security-group/sg-0abc9999` }),
  rootMfaProd: finding({ checkId: 'iam.root-mfa', severity: 'critical', accountId: PROD, region: 'global', resource: `arn:aws:iam::${PROD}:root` }),
  rootMfaSandbox: finding({ checkId: 'iam.root-mfa', severity: 'critical', accountId: SANDBOX, region: 'global', resource: `arn:aws:iam::${SANDBOX}:root` }),
  consoleMfaOther: finding({ checkId: 'iam.user-console-mfa', accountId: OTHER, region: 'global', resource: `arn:aws:iam::${OTHER}:user/alice`, severity: 'medium' }),
  kmsPass: finding({ checkId: 'kms.key-rotation', status: 'pass', accountId: PROD, region: 'eu-west-1', resource: `arn:aws:kms:eu-west-1:${PROD}:key/1` }),
  kmsError: finding({ checkId: 'kms.key-rotation', status: 'error', accountId: SANDBOX, region: 'eu-west-1', resource: `arn:aws:kms:eu-west-1:${SANDBOX}:key/2` }),
}
type Name = keyof typeof named
const nameOf = new Map(Object.entries(named).map(([name, f]) => [f.id, name as Name]))
const fixture = report(Object.values(named))

const mutedNames = (r: FindingsReport): Name[] => r.findings.filter((f) => f.muted).map((f) => nameOf.get(f.id)!).sort()

describe('applySuppressions: what an entry matches', () => {
  const failing = (...names: Name[]) => names.sort()
  it.each<[string, Partial<SuppressionEntry>, Name[]]>([
    ['one check id', { checks: ['ec2.no-ssh-from-internet'] }, failing('sshProd', 'sshSandbox')],
    ['a check glob with *', { checks: ['iam.*'] }, failing('rootMfaProd', 'rootMfaSandbox', 'consoleMfaOther')],
    ['a check glob with ?', { checks: ['iam.root-?fa'] }, failing('rootMfaProd', 'rootMfaSandbox')],
    ['two check ids (OR)', { checks: ['iam.root-mfa', 'ec2.no-ssh-from-internet'] }, failing('sshProd', 'sshSandbox', 'rootMfaProd', 'rootMfaSandbox')],
    ['an account (its pass finding is not muted)', { accounts: [PROD] }, failing('sshProd', 'rootMfaProd')],
    ['an OU by name', { ous: ['Sandbox'] }, failing('sshSandbox', 'rootMfaSandbox')],
    ['an OU by id, high on the path', { ous: ['ou-root-prod'] }, failing('sshProd', 'rootMfaProd')],
    ['an OU by name, the leaf of the path', { ous: ['Payments'] }, failing('sshProd', 'rootMfaProd')],
    ['an OU no account is in', { ous: ['Nope'] }, []],
    ['the organization root, next to a check', { ous: ['Root'], checks: ['iam.root-mfa'] }, failing('rootMfaProd', 'rootMfaSandbox')],
    ["the 'global' region", { regions: ['global'] }, failing('rootMfaProd', 'rootMfaSandbox', 'consoleMfaOther')],
    ['a region', { regions: ['eu-west-1'] }, failing('sshProd')],
    ['a resource glob', { resources: ['arn:aws:ec2:*:*:security-group/sg-0abc9*'] }, failing('sshSandbox')],
    ['two resource globs (OR)', { resources: ['*:root', '*/alice'] }, failing('rootMfaProd', 'rootMfaSandbox', 'consoleMfaOther')],
    ['a tag', { tags: { env: 'sandbox' } }, failing('sshSandbox', 'rootMfaSandbox')],
    ['two tags, value glob (AND)', { tags: { env: 'prod', team: 'pay*' } }, failing('sshProd', 'rootMfaProd')],
    ['two tags, one not matching', { tags: { env: 'prod', team: 'other' } }, []],
    ['a tag with any value (untagged accounts excluded)', { tags: { env: '*' } }, failing('sshProd', 'sshSandbox', 'rootMfaProd', 'rootMfaSandbox')],
    ['a finding id', { findings: [named.consoleMfaOther.id] }, failing('consoleMfaOther')],
    ['check AND account', { checks: ['iam.*'], accounts: [SANDBOX] }, failing('rootMfaSandbox')],
    ['check AND region, disjoint', { checks: ['ec2.*'], regions: ['global'] }, []],
    ['match-all check next to an OU', { checks: ['*'], ous: ['Production'] }, failing('sshProd', 'rootMfaProd')],
    ['an error finding is never muted', { checks: ['kms.key-rotation'] }, []],
  ])('%s', (_what, fields, expected) => {
    const refined = applySuppressions(fixture, [entry(fields)], FILE)
    expect(mutedNames(refined)).toEqual(expected)
    expect(refined.suppressions!.entries[0]!.matched).toBe(expected.length)
  })

  it('an account absent from run.accounts has no OU path or tags to match', () => {
    const stray = report([finding({ accountId: '444444444444' })])
    expect(mutedNames(applySuppressions(stray, [entry({ ous: ['Sandbox'] })], FILE))).toEqual([])
    expect(applySuppressions(stray, [entry({ tags: { env: '*' } })], FILE).summary.muted).toBe(0)
    expect(applySuppressions(stray, [entry({ accounts: ['444444444444'] })], FILE).summary.muted).toBe(1)
  })
})

describe('applySuppressions: what it records', () => {
  it('a muted finding keeps its status and carries reason, owner, expiry and the entry', () => {
    const refined = applySuppressions(fixture, [entry({ id: 'legacy', checks: ['iam.root-mfa'] }), entry({ accounts: [OTHER], reason: 'other', owner: 'them' })], FILE)
    const root = refined.findings.find((f) => f.id === named.rootMfaProd.id)!
    expect(root.status).toBe('fail')
    expect(root.muted).toEqual({ reason: 'accepted', owner: 'team@example.com', expires: '2027-03-31', suppression: 'legacy' })
    expect(refined.findings.find((f) => f.id === named.consoleMfaOther.id)!.muted).toEqual({ reason: 'other', owner: 'them', expires: '2027-03-31', suppression: 'entry 2' })
    expect(refined.suppressions).toEqual({
      file: FILE,
      entries: [
        { suppression: 'legacy', reason: 'accepted', owner: 'team@example.com', expires: '2027-03-31', state: 'active', matched: 2 },
        { suppression: 'entry 2', reason: 'other', owner: 'them', expires: '2027-03-31', state: 'active', matched: 1 },
      ],
    })
    expect(() => findingsReportSchema.parse(refined)).not.toThrow()
  })

  it('muted failures leave failuresBySeverity; summary.muted counts them; the rest of the summary stands', () => {
    const refined = applySuppressions(fixture, [entry({ checks: ['iam.root-mfa'] })], FILE)
    expect(fixture.summary.failuresBySeverity.critical).toBe(2)
    expect(refined.summary.failuresBySeverity).toEqual({ ...fixture.summary.failuresBySeverity, critical: 0 })
    expect(refined.summary.muted).toBe(2)
    expect(refined.summary.byStatus).toEqual(fixture.summary.byStatus)
    expect(refined.summary.findings).toBe(fixture.summary.findings)
  })

  it('the first active entry in file order wins; matched counts every entry that selects the finding', () => {
    const refined = applySuppressions(fixture, [entry({ id: 'by-account', accounts: [PROD] }), entry({ id: 'by-check', checks: ['iam.root-mfa'] })], FILE)
    const mutedBy = (f: { id: string }) => refined.findings.find((x) => x.id === f.id)!.muted?.suppression
    expect(mutedBy(named.rootMfaProd)).toBe('by-account')
    expect(mutedBy(named.rootMfaSandbox)).toBe('by-check')
    expect(mutedBy(named.sshProd)).toBe('by-account')
    expect(refined.suppressions!.entries.map((e) => e.matched)).toEqual([2, 2])
    const reversed = applySuppressions(fixture, [entry({ id: 'by-check', checks: ['iam.root-mfa'] }), entry({ id: 'by-account', accounts: [PROD] })], FILE)
    expect(reversed.findings.find((x) => x.id === named.rootMfaProd.id)!.muted?.suppression).toBe('by-check')
  })

  it('an unused entry is reported with matched 0 (a fixed problem: its finding passes now)', () => {
    const refined = applySuppressions(fixture, [entry({ id: 'fixed', checks: ['kms.key-rotation'], accounts: [PROD] })], FILE)
    expect(refined.suppressions!.entries[0]).toMatchObject({ suppression: 'fixed', state: 'active', matched: 0 })
    expect(refined.summary.muted).toBe(0)
  })

  it('the input report is not changed', () => {
    const before = structuredClone(fixture)
    applySuppressions(fixture, [entry({ checks: ['iam.*'] })], FILE)
    expect(fixture).toEqual(before)
  })
})

describe('applySuppressions: expiry against the report as-of', () => {
  const at = (asOf: string) => report([named.sshProd], { asOf })
  it.each([
    ['2026-06-01T12:00:00.000Z', '2026-06-01', 'active'],
    ['2026-06-01T23:59:59.999Z', '2026-06-01', 'active'],
    ['2026-06-02T00:00:00.000Z', '2026-06-01', 'expired'],
    ['2026-06-01T00:00:00.000Z', '2026-05-31', 'expired'],
    ['2026-06-01T12:00:00.000Z', '2026-06-02', 'active'],
    ['2024-02-29T10:00:00.000Z', '2024-02-28', 'expired'],
  ])('as of %s, an entry expiring %s is %s', (asOf, expires, state) => {
    const refined = applySuppressions(at(asOf), [entry({ checks: ['ec2.*'], expires })], FILE)
    expect(refined.suppressions!.entries[0]).toMatchObject({ state, matched: 1 })
    expect(refined.summary.muted).toBe(state === 'active' ? 1 : 0)
    expect(refined.summary.failuresBySeverity.high).toBe(state === 'active' ? 0 : 1)
  })

  it('an expired entry mutes nothing, counts what it would match, and lets a later active entry mute', () => {
    const refined = applySuppressions(fixture, [entry({ id: 'old', accounts: [PROD], expires: '2026-01-31' }), entry({ id: 'new', checks: ['ec2.*'] })], FILE)
    expect(refined.suppressions!.entries.map((e) => [e.suppression, e.state, e.matched])).toEqual([
      ['old', 'expired', 2],
      ['new', 'active', 2],
    ])
    expect(mutedNames(refined)).toEqual(['sshProd', 'sshSandbox'])
  })

  it('an as-of that is not a date is a bad input, not a guess', () => {
    const broken = { ...fixture, run: { ...fixture.run, asOf: 'yesterday' } }
    expect(inputError(() => applySuppressions(broken, [entry({ checks: ['ec2.*'] })], FILE)).message).toContain('run.asOf')
  })
})

describe('applySuppressions: re-applying', () => {
  const entries = [entry({ id: 'a', checks: ['iam.*'] }), entry({ id: 'b', accounts: [SANDBOX], expires: '2026-01-01' })]
  it('is idempotent', () => {
    const once = applySuppressions(fixture, entries, FILE)
    expect(applySuppressions(once, entries, FILE)).toEqual(once)
  })

  it('clears what an earlier file muted', () => {
    const once = applySuppressions(fixture, entries, FILE)
    const again = applySuppressions(once, [entry({ accounts: [OTHER] })], 'other.yaml')
    expect(mutedNames(again)).toEqual(['consoleMfaOther'])
    expect(again.summary.failuresBySeverity).toEqual({ ...fixture.summary.failuresBySeverity, medium: 0 })
    expect(again.suppressions!.file).toBe('other.yaml')
  })

  it('on a synthetic organization report, clears its pre-muted findings and recounts from the findings', () => {
    const synthetic = syntheticReport({ findings: 3000, accounts: 40 })
    expect(synthetic.findings.some((f) => f.muted)).toBe(true)
    const refined = applySuppressions(synthetic, [entry({ ous: ['Sandbox'], checks: ['iam.*'] })], FILE)
    const recount = Object.fromEntries(SEVERITIES.map((s) => [s, refined.findings.filter((f) => f.status === 'fail' && !f.muted && f.severity === s).length]))
    expect(refined.summary.failuresBySeverity).toEqual(recount)
    const muted = refined.findings.filter((f) => f.muted)
    expect(refined.summary.muted).toBe(muted.length)
    expect(muted.length).toBeGreaterThan(0)
    expect(muted.every((f) => f.checkId.startsWith('iam.') && f.status === 'fail')).toBe(true)
    const sandbox = new Set(synthetic.run.accounts.filter((a) => a.ouPath?.some((o) => o.name === 'Sandbox')).map((a) => a.accountId))
    expect(muted.every((f) => sandbox.has(f.accountId))).toBe(true)
    expect(refined.suppressions!.entries[0]!.matched).toBe(muted.length)
  })
})

describe('compileSuppressions (one finding at a time, for streamed reports)', () => {
  it('gives the same mutes and counts as applySuppressions', () => {
    const entries = [entry({ checks: ['iam.*'], tags: { env: 'sandbox' } }), entry({ accounts: [PROD], expires: '2026-01-01' })]
    const matcher = compileSuppressions(entries, fixture.run, FILE)
    const mutes = fixture.findings.map((f) => matcher.muteOf(f))
    const applied = applySuppressions(fixture, entries, FILE)
    expect(mutes).toEqual(applied.findings.map((f) => f.muted))
    expect(matcher.section()).toEqual(applied.suppressions)
  })
})

describe('suppressionWarnings', () => {
  it('says which entries expired, are unused, are shadowed or expire far ahead; nothing for a sound entry', () => {
    const refined = applySuppressions(
      fixture,
      [
        entry({ id: 'sound', checks: ['iam.root-mfa'] }),
        entry({ id: 'expired', checks: ['ec2.*'], expires: '2026-05-31' }),
        entry({ id: 'unused', checks: ['kms.*'] }),
        entry({ id: 'shadowed', accounts: [PROD], checks: ['iam.root-mfa'] }),
        entry({ id: 'forever', accounts: [OTHER], expires: '2030-01-01' }),
      ],
      FILE,
    )
    const warnings = suppressionWarnings(refined)
    expect(warnings.some((w) => w.includes('sound'))).toBe(false)
    expect(warnings.find((w) => w.includes('suppression expired'))).toContain('expired on 2026-05-31 and no longer mutes anything (it would match 2 failing findings)')
    expect(warnings.find((w) => w.includes('suppression unused'))).toContain('matched no failing finding')
    expect(warnings.find((w) => w.includes('suppression shadowed'))).toContain('matches 1 failing finding but mutes none')
    expect(warnings.find((w) => w.includes('suppression forever'))).toContain('expires on 2030-01-01, more than a year after this report')
    expect(warnings).toHaveLength(4)
    expect(warnings.every((w) => w.startsWith(`${FILE}: `))).toBe(true)
  })

  it('exactly one year ahead is not called out; a day more is', () => {
    const warn = (expires: string) => suppressionWarnings(applySuppressions(fixture, [entry({ accounts: [PROD], expires })], FILE))
    expect(warn('2027-06-01')).toEqual([])
    expect(warn('2027-06-02')).toHaveLength(1)
  })

  it('neutralises the file name and labels', () => {
    const refined = applySuppressions(fixture, [entry({ checks: ['kms.*'] })], 'sup\u001b[2J.yaml')
    const [warning] = suppressionWarnings(refined)
    expect(warning).toContain('sup\\u001b[2J.yaml')
    expect(warning).not.toContain('\u001b')
  })

  it('has nothing to say without suppressions', () => {
    expect(suppressionWarnings(fixture)).toEqual([])
  })
})
