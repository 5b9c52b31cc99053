// Reads that cross the current region or account (src/engine/evaluate.ts): a check declaring
// `acrossRegions` sees a regional slice in every scanned region, read or not, without being gated
// on any one of them; an organization check declaring `fromMembers` reads member accounts' slices
// with the reason when it cannot; undeclared reads are the check's own error; and organization checks
// pass the same readability gate as account checks. Pinned with small fake checks.
import { describe, expect, it } from 'vitest'
import type { CheckScope, RegionReading } from '../../src/checks/define.js'
import { GLOBAL_REGION, type Finding } from '../../src/core/types.js'
import { evaluateAccount, evaluateOrganization } from '../../src/engine/evaluate.js'
import type { SecurityGroup } from '../../src/snapshot/ec2.js'
import type { Readable } from '../../src/snapshot/readable.js'
import type { AccountSnapshot } from '../../src/snapshot/schema.js'
import { NOW, accountSnapshot, ok, rootArn, snapshot, unreadable } from '../support/builders.js'
import { MANAGEMENT_ID, accountWithContact, orgSnapshot, securityContact } from '../support/org-builders.js'
import { fakeCheck, rulesOf } from './fake-checks.js'




const summary = (findings: Finding[]) => findings.map((f) => ({ checkId: f.checkId, accountId: f.accountId, status: f.status, region: f.region, resource: f.resource, errorCode: f.errorCode }))

const SG: SecurityGroup = { groupId: 'sg-0123', groupName: 'web', arn: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-0123', ingress: [] }
const OPT_IN = { code: 'OptInRequired', message: 'You are not subscribed to this service', operation: 'ec2:DescribeSecurityGroups' }
const DENIED = { code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole', operation: 'sts:AssumeRole' }

/** Three scanned regions: one read, one unreadable, one where the slice was never collected. */
function threeRegionAccount(): AccountSnapshot {
  const a = accountSnapshot({ regions: ['eu-west-1', 'us-east-1', 'ap-south-1'] })
  a.regional = {
    'eu-west-1': { 'ec2.securityGroups': ok([SG]) },
    'us-east-1': { 'ec2.securityGroups': unreadable(OPT_IN) },
  }
  return a
}

describe('acrossRegions: ctx.readAllRegions', () => {
  it.each<CheckScope>(['account', 'region'])('a %s-scope check gets one reading per scanned region, unreadable and uncollected regions included, never thrown', (scope) => {
    const seen: RegionReading<SecurityGroup[]>[][] = []
    const check = fakeCheck(`fake.across-${scope}`, scope, { acrossRegions: ['ec2.securityGroups'] }, (_input, ctx) => {
      const readings = ctx.readAllRegions('ec2.securityGroups')
      seen.push(readings)
      for (const r of readings) {
        if (r.slice.kind === 'ok') ctx.pass(`region/${r.region}`, `${r.slice.value.length} group(s)`)
        else ctx.error(`region/${r.region}`, r.slice.error.message, r.slice.error.code)
      }
    })
    const acct = threeRegionAccount()
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })

    // Evaluated once per account (account scope) or once per region (region scope); every run sees
    // the whole account.
    expect(check.calls).toBe(scope === 'account' ? 1 : 3)
    for (const readings of seen) {
      expect(readings.map((r) => r.region)).toEqual(['eu-west-1', 'us-east-1', 'ap-south-1'])
      expect(readings[0]!.slice).toEqual(ok([SG]))
      expect(readings[1]!.slice).toEqual(unreadable(OPT_IN))
      expect(readings[2]!.slice.kind).toBe('unreadable')
      const missing = readings[2]!.slice as Extract<Readable<unknown>, { kind: 'unreadable' }>
      expect(missing.error.code).toBe('NotCollected')
      expect(missing.error.message).toContain('ap-south-1')
    }
    // The check decided each region itself: no engine error replaced its findings.
    const evaluatedIn = scope === 'account' ? [GLOBAL_REGION] : ['eu-west-1', 'us-east-1', 'ap-south-1']
    expect(summary(findings).map((f) => [f.region, f.resource, f.status, f.errorCode])).toEqual(
      evaluatedIn.flatMap((region) => [
        [region, 'region/eu-west-1', 'pass', undefined],
        [region, 'region/us-east-1', 'error', 'OptInRequired'],
        [region, 'region/ap-south-1', 'error', 'NotCollected'],
      ]),
    )
  })

  it('is not gated: a region-scope check still runs in a region whose slice is unreadable (when it does not require it)', () => {
    const check = fakeCheck('fake.not-gated', 'region', { acrossRegions: ['ec2.securityGroups'] }, (_input, ctx) => {
      ctx.pass(ctx.accountArn, `${ctx.readAllRegions('ec2.securityGroups').length} regions`)
    })
    const acct = threeRegionAccount()
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(summary(findings).map((f) => [f.region, f.status])).toEqual([
      ['eu-west-1', 'pass'],
      ['us-east-1', 'pass'],
      ['ap-south-1', 'pass'],
    ])
  })

  it('reading a key not declared in acrossRegions is the check’s error (UndeclaredSlice), discarding what it emitted', () => {
    // Declared in neither requires nor acrossRegions (a regional key cannot be a requirement of an account check).
    const check = fakeCheck('fake.undeclared-across', 'account', {}, (_input, ctx) => {
      ctx.pass('arn:aws:ec2:eu-west-1:111111111111:security-group/sg-early')
      ctx.readAllRegions('ec2.securityGroups')
      ctx.pass('arn:aws:ec2:eu-west-1:111111111111:security-group/sg-late')
    })
    const acct = threeRegionAccount()
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(check.calls).toBe(1)
    expect(summary(findings)).toEqual([{ checkId: 'fake.undeclared-across', accountId: acct.accountId, status: 'error', region: GLOBAL_REGION, resource: rootArn(), errorCode: 'UndeclaredSlice' }])
    expect(findings[0]!.message).toContain('acrossRegions')
  })

  it('an account that could not be entered: the gate reports its access error and the check never runs', () => {
    const check = fakeCheck('fake.across-denied', 'account', { acrossRegions: ['ec2.securityGroups'] }, (_input, ctx) => {
      ctx.pass(ctx.accountArn)
    })
    const acct = threeRegionAccount()
    acct.access = unreadable(DENIED)
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(check.calls).toBe(0)
    expect(summary(findings).map((f) => [f.status, f.errorCode])).toEqual([['error', 'AccessDenied']])
  })
})

describe('fromMembers: ctx.readMember (organization checks)', () => {
  const MEMBER = '222222222222'
  const DENIED_MEMBER = '333333333333'
  const UNCOLLECTED_MEMBER = '444444444444'
  const NOT_SCANNED = '555555555555'

  function org() {
    const member = accountWithContact(MEMBER, ok(securityContact('sec@member.example')))
    member.regions = ['eu-west-1']
    member.regional = { 'eu-west-1': { 'ec2.securityGroups': ok([SG]) } }
    const denied = accountWithContact(DENIED_MEMBER, undefined)
    denied.access = unreadable(DENIED)
    const uncollected = accountWithContact(UNCOLLECTED_MEMBER, undefined)
    return orgSnapshot({
      accounts: [{ id: MEMBER }, { id: DENIED_MEMBER }, { id: UNCOLLECTED_MEMBER }, { id: NOT_SCANNED }],
      accountSnapshots: [accountWithContact(MANAGEMENT_ID, ok(securityContact())), member, denied, uncollected],
    })
  }

  it("reads a member's slice; gives the reason, unreadable, for an account not scanned, not entered, or not collected", () => {
    const reads: Record<string, Readable<unknown>> = {}
    const check = fakeCheck('fake.from-members', 'organization', { requires: ['organization'], fromMembers: ['account.securityContact', 'ec2.securityGroups'] }, (_input, ctx) => {
      for (const id of [MEMBER, DENIED_MEMBER, UNCOLLECTED_MEMBER, NOT_SCANNED]) reads[id] = ctx.readMember(id, 'account.securityContact')
      reads.regional = ctx.readMember(MEMBER, 'ec2.securityGroups', 'eu-west-1')
      reads.otherRegion = ctx.readMember(MEMBER, 'ec2.securityGroups', 'us-east-1')
      reads.noRegion = ctx.readMember(MEMBER, 'ec2.securityGroups')
      ctx.forAccount(MEMBER).pass(rootArn(MEMBER))
    })
    const findings = evaluateOrganization(org(), rulesOf(check), { now: NOW })
    expect(check.calls).toBe(1)
    expect(summary(findings).map((f) => [f.accountId, f.status])).toEqual([[MEMBER, 'pass']])

    expect(reads[MEMBER]).toEqual(ok(securityContact('sec@member.example')))
    expect(reads[DENIED_MEMBER]).toEqual(unreadable(DENIED))
    const code = (r: Readable<unknown> | undefined) => (r?.kind === 'unreadable' ? r.error.code : r?.kind)
    const message = (r: Readable<unknown> | undefined) => (r?.kind === 'unreadable' ? r.error.message : '')
    expect(code(reads[UNCOLLECTED_MEMBER])).toBe('NotCollected')
    expect(message(reads[UNCOLLECTED_MEMBER])).toContain(UNCOLLECTED_MEMBER)
    expect(code(reads[NOT_SCANNED])).toBe('NotCollected')
    expect(message(reads[NOT_SCANNED])).toContain(`${NOT_SCANNED} was not scanned`)
    expect(reads.regional).toEqual(ok([SG]))
    expect(code(reads.otherRegion)).toBe('NotCollected')
    expect(code(reads.noRegion)).toBe('NotCollected')
  })

  it('reading a member slice not declared in fromMembers is the check’s error (UndeclaredSlice), on the caller account', () => {
    const check = fakeCheck('fake.undeclared-member', 'organization', { requires: ['organization'], fromMembers: ['ec2.securityGroups'] }, (_input, ctx) => {
      ctx.forAccount(MEMBER).pass(rootArn(MEMBER))
      ctx.readMember(MEMBER, 'account.securityContact')
    })
    const findings = evaluateOrganization(org(), rulesOf(check), { now: NOW })
    expect(summary(findings)).toEqual([{ checkId: 'fake.undeclared-member', accountId: MANAGEMENT_ID, status: 'error', region: GLOBAL_REGION, resource: rootArn(MANAGEMENT_ID), errorCode: 'UndeclaredSlice' }])
    expect(findings[0]!.message).toContain('fromMembers')
  })
})

describe('the readability gate for organization checks', () => {
  const DELEGATED = '999999999999'

  it('an unreadable organization view gives one error with the AWS code on the caller account, and evaluate never runs', () => {
    const check = fakeCheck('fake.org-gated', 'organization', { requires: ['organization'], fromMembers: ['account.securityContact'] }, (_input, ctx) => {
      ctx.forAccount(MANAGEMENT_ID).pass(rootArn(MANAGEMENT_ID))
    })
    const notInOrg = { code: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.', operation: 'organizations:DescribeOrganization' }
    const snap = orgSnapshot({ override: { organization: unreadable(notInOrg) } })
    // Called from a delegated administrator: the error belongs to the caller, not the management account.
    snap.caller = { arn: `arn:aws:iam::${DELEGATED}:user/auditor`, accountId: DELEGATED }
    const findings = evaluateOrganization(snap, rulesOf(check), { now: NOW })
    expect(check.calls).toBe(0)
    expect(summary(findings)).toEqual([{ checkId: 'fake.org-gated', accountId: DELEGATED, status: 'error', region: GLOBAL_REGION, resource: rootArn(DELEGATED), errorCode: 'AWSOrganizationsNotInUseException' }])
    expect(findings[0]!.message).toContain('organizations:DescribeOrganization')
  })

  it('a readable organization view lets the check run (the gate is not simply closed)', () => {
    const check = fakeCheck('fake.org-open', 'organization', { requires: ['organization'] }, (_input, ctx) => {
      expect(ctx.read('organization').organization.kind).toBe('ok')
      ctx.forAccount(MANAGEMENT_ID).pass(rootArn(MANAGEMENT_ID))
    })
    const findings = evaluateOrganization(orgSnapshot(), rulesOf(check), { now: NOW })
    expect(check.calls).toBe(1)
    expect(summary(findings).map((f) => [f.accountId, f.status])).toEqual([[MANAGEMENT_ID, 'pass']])
  })

  it('a single-account scan (no organization view at all) skips organization checks instead of erroring', () => {
    const check = fakeCheck('fake.org-skipped', 'organization', { requires: ['organization'] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const findings = evaluateOrganization(snapshot(accountSnapshot()), rulesOf(check), { now: NOW })
    expect(check.calls).toBe(0)
    expect(findings).toEqual([])
  })
})
