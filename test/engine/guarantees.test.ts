// The engine's safety guarantees (docs/architecture.md, "Engine guarantees"), pinned through the
// exported evaluate functions with small fake checks, so that no check has to re-implement them and
// no change to the engine can silently drop one. Each test was checked to fail when the line that
// implements its guarantee is removed from src/engine/evaluate.ts.
import { describe, expect, it } from 'vitest'
import { GLOBAL_REGION, type Finding } from '../../src/core/types.js'
import { evaluateAccount, evaluateOrganization, evaluateSnapshot } from '../../src/engine/evaluate.js'
import { fakeCheck, rulesOf } from './fake-checks.js'
import { ACCOUNT_ID, NOW, accountSnapshot, rootArn, snapshot, unreadable } from '../support/builders.js'
import { MANAGEMENT_ID, orgSnapshot } from '../support/org-builders.js'




const summary = (findings: Finding[]) => findings.map((f) => ({ checkId: f.checkId, status: f.status, region: f.region, resource: f.resource, errorCode: f.errorCode }))

describe('a check that throws', () => {
  it('gives exactly one error (CheckCrashed) and none of the passes it emitted before throwing', () => {
    const check = fakeCheck('fake.half-run', 'account', { requires: [] }, (_input, ctx) => {
      ctx.pass('arn:aws:s3:::bucket-a')
      ctx.pass('arn:aws:s3:::bucket-b')
      throw new Error('boom')
    })
    const acct = accountSnapshot()
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(summary(findings)).toEqual([{ checkId: 'fake.half-run', status: 'error', region: GLOBAL_REGION, resource: rootArn(), errorCode: 'CheckCrashed' }])
    expect(findings[0]!.message).toContain('boom')
  })

  it('discards only its own findings: a check that ran before it keeps its pass', () => {
    const fine = fakeCheck('fake.fine', 'account', { requires: [] }, (_input, ctx) => ctx.pass('arn:aws:s3:::ok'))
    const crash = fakeCheck('fake.crash', 'account', { requires: [] }, (_input, ctx) => {
      ctx.pass('arn:aws:s3:::x')
      throw new TypeError('undefined is not a function')
    })
    const acct = accountSnapshot()
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(fine, crash), { now: NOW })
    expect(summary(findings).map((f) => [f.checkId, f.status, f.errorCode])).toEqual([
      ['fake.fine', 'pass', undefined],
      ['fake.crash', 'error', 'CheckCrashed'],
    ])
  })

  it('in organization scope, also gives exactly one error and none of the passes it emitted for member accounts', () => {
    const check = fakeCheck('fake.org-half-run', 'organization', { requires: [] }, (_input, ctx) => {
      ctx.forAccount(MANAGEMENT_ID).pass(rootArn(MANAGEMENT_ID))
      throw new Error('boom')
    })
    const findings = evaluateOrganization(orgSnapshot(), rulesOf(check), { now: NOW })
    expect(summary(findings)).toEqual([{ checkId: 'fake.org-half-run', status: 'error', region: GLOBAL_REGION, resource: rootArn(MANAGEMENT_ID), errorCode: 'CheckCrashed' }])
  })
})

describe('reading a slice not declared in requires', () => {
  it('gives error UndeclaredSlice, even when the slice is readable, and nothing the check emitted', () => {
    const check = fakeCheck('fake.undeclared', 'account', { requires: ['iam.passwordPolicy'] }, (_input, ctx) => {
      ctx.read('iam.passwordPolicy')
      ctx.pass('arn:aws:s3:::before')
      const report = ctx.read('iam.credentialReport') // readable in the fixture, but not declared
      ctx.pass(report.users[0]!.arn)
    })
    const acct = accountSnapshot()
    const findings = evaluateSnapshot(snapshot(acct), rulesOf(check), { now: NOW })
    expect(summary(findings)).toEqual([{ checkId: 'fake.undeclared', status: 'error', region: GLOBAL_REGION, resource: rootArn(), errorCode: 'UndeclaredSlice' }])
    expect(findings[0]!.message).toContain('iam.credentialReport')
  })
})

describe('a check that emits nothing', () => {
  it('gives exactly one not_applicable for the account', () => {
    const check = fakeCheck('fake.silent', 'account', { requires: ['iam.credentialReport'] }, (_input, ctx) => {
      ctx.read('iam.credentialReport')
    })
    const acct = accountSnapshot()
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(summary(findings)).toEqual([{ checkId: 'fake.silent', status: 'not_applicable', region: GLOBAL_REGION, resource: rootArn(), errorCode: undefined }])
  })

  it('gives one not_applicable per region for a region-scope check, and none when the check emitted something', () => {
    const silent = fakeCheck('fake.silent-regional', 'region', { requires: [] }, () => {})
    const talks = fakeCheck('fake.talks', 'account', { requires: [] }, (_input, ctx) => ctx.fail('arn:aws:s3:::b', 'bad'))
    const acct = accountSnapshot({ regions: ['eu-west-1', 'us-east-1'] })
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(silent, talks), { now: NOW })
    expect(summary(findings).map((f) => [f.checkId, f.status, f.region])).toEqual([
      ['fake.silent-regional', 'not_applicable', 'eu-west-1'],
      ['fake.silent-regional', 'not_applicable', 'us-east-1'],
      ['fake.talks', 'fail', GLOBAL_REGION],
    ])
  })

  it('in organization scope, gives exactly one not_applicable', () => {
    const check = fakeCheck('fake.org-silent', 'organization', { requires: [] }, () => {})
    const findings = evaluateOrganization(orgSnapshot(), rulesOf(check), { now: NOW })
    expect(summary(findings)).toEqual([{ checkId: 'fake.org-silent', status: 'not_applicable', region: GLOBAL_REGION, resource: rootArn(MANAGEMENT_ID), errorCode: undefined }])
  })
})

describe('a required slice that cannot be used', () => {
  it('unreadable: gives error with the AWS error code, and evaluate is never called', () => {
    // The check would pass without reading anything: only the engine's gate can stop it.
    const check = fakeCheck('fake.needs-password-policy', 'account', { requires: ['iam.credentialReport', 'iam.passwordPolicy'] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const acct = accountSnapshot({ passwordPolicy: unreadable({ code: 'NoSuchEntityOrWorse', message: 'nope', operation: 'iam:GetAccountPasswordPolicy' }) })
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(check.calls).toBe(0)
    expect(summary(findings)).toEqual([{ checkId: 'fake.needs-password-policy', status: 'error', region: GLOBAL_REGION, resource: rootArn(), errorCode: 'NoSuchEntityOrWorse' }])
    expect(findings[0]!.message).toContain('iam:GetAccountPasswordPolicy')
  })

  it('never collected: gives error NotCollected (once per region for a regional slice), and evaluate is never called', () => {
    const check = fakeCheck('fake.needs-security-groups', 'region', { requires: ['ec2.securityGroups'] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const acct = accountSnapshot({ regions: ['eu-west-1', 'us-east-1'] })
    expect(acct.regional).toEqual({}) // the fixture collected no regional data
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(check.calls).toBe(0)
    expect(summary(findings).map((f) => [f.status, f.region, f.errorCode])).toEqual([
      ['error', 'eu-west-1', 'NotCollected'],
      ['error', 'us-east-1', 'NotCollected'],
    ])
  })

  it('does not stop a check whose required slices are all readable', () => {
    const check = fakeCheck('fake.all-readable', 'account', { requires: ['iam.credentialReport', 'iam.passwordPolicy'] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const acct = accountSnapshot()
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(check), { now: NOW })
    expect(check.calls).toBe(1)
    expect(summary(findings).map((f) => f.status)).toEqual(['pass'])
  })
})

describe('an account whose access is unreadable (audit role not assumed)', () => {
  it('gives error with the access error code for every account- and region-scope check, none of which is evaluated', () => {
    // These checks require nothing, so only the access gate can stop them from passing.
    const a = fakeCheck('fake.account-a', 'account', { requires: [] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const b = fakeCheck('fake.account-b', 'account', { requires: ['iam.credentialReport'] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const r = fakeCheck('fake.regional', 'region', { requires: [] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const broken = accountSnapshot({ accountId: '222222222222', regions: ['eu-west-1', 'us-east-1'] })
    broken.access = unreadable({ code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole', operation: 'sts:AssumeRole' })
    const fine = accountSnapshot({ accountId: ACCOUNT_ID })
    const findings = evaluateSnapshot(snapshot(fine, broken), rulesOf(a, b, r), { now: NOW })

    const ofBroken = findings.filter((f) => f.accountId === '222222222222')
    expect(ofBroken.map((f) => [f.checkId, f.status, f.region, f.errorCode])).toEqual([
      ['fake.account-a', 'error', GLOBAL_REGION, 'AccessDenied'],
      ['fake.account-b', 'error', GLOBAL_REGION, 'AccessDenied'],
      ['fake.regional', 'error', 'eu-west-1', 'AccessDenied'],
      ['fake.regional', 'error', 'us-east-1', 'AccessDenied'],
    ])
    // The readable account is evaluated normally: once for each account check, once for the region.
    expect(findings.filter((f) => f.accountId === ACCOUNT_ID).map((f) => [f.checkId, f.status])).toEqual([
      ['fake.account-a', 'pass'],
      ['fake.account-b', 'pass'],
      ['fake.regional', 'pass'],
    ])
    expect([a.calls, b.calls, r.calls]).toEqual([1, 1, 1])
  })
})

describe('scopes', () => {
  it('a region-scope check runs once per region of the account, with ctx.region set; an account-scope check once, in the global region', () => {
    const seen: string[] = []
    const regional = fakeCheck('fake.per-region', 'region', { requires: [] }, (_input, ctx) => {
      seen.push(ctx.region)
      ctx.pass(`arn:aws:ec2:${ctx.region}:${ctx.accountId}:vpc/vpc-1`)
    })
    const global = fakeCheck('fake.global', 'account', { requires: [] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const acct = accountSnapshot({ regions: ['eu-west-1', 'us-east-1', 'ap-south-1'] })
    const findings = evaluateAccount(snapshot(acct), acct, rulesOf(regional, global), { now: NOW })
    expect(seen).toEqual(['eu-west-1', 'us-east-1', 'ap-south-1'])
    expect(summary(findings).map((f) => [f.checkId, f.region])).toEqual([
      ['fake.per-region', 'eu-west-1'],
      ['fake.per-region', 'us-east-1'],
      ['fake.per-region', 'ap-south-1'],
      ['fake.global', GLOBAL_REGION],
    ])
  })

  it('a disabled rule is not evaluated at all', () => {
    const check = fakeCheck('fake.off', 'account', { requires: [] }, (_input, ctx) => ctx.pass(ctx.accountArn))
    const rules = rulesOf(check)
    rules.rules.get('fake.off')!.enabled = false
    const acct = accountSnapshot()
    expect(evaluateAccount(snapshot(acct), acct, rules, { now: NOW })).toEqual([])
    expect(check.calls).toBe(0)
  })
})
