import { describe, expect, it } from 'vitest'
import type { Decision } from '../../../src/access/decisions.js'
import check from '../../../src/checks/iam/access-reviewed.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, credentialRow, denied, NOW, ok, rootRow, user } from '../../support/builders.js'

// NOW is 2026-06-01; with the baseline's 90 days, a decision counts from 2026-03-03 on.
let entry = 0
const decision = (d: Partial<Decision> & Pick<Decision, 'principal' | 'date'>): Decision => ({ decision: 'keep', reviewer: 'jane@example.com', revoke: [], entry: ++entry, ...d })
const keep = (principal: string, date: string, extra: Partial<Decision> = {}) => decision({ principal, date, ...extra })
const revoke = (principal: string, date: string, actions: Decision['revoke'], extra: Partial<Decision> = {}) => decision({ principal, date, decision: 'revoke', revoke: actions, ...extra })
const withDecisions = (decisions: Decision[], extra: Record<string, unknown> = {}) => ({ decisions, ...extra })

const alice = arnOfUser('alice')
const bob = arnOfUser('bob')

checkCases(check, {
  pass: [
    {
      name: 'a fresh keep decision, by ARN',
      snapshot: account({ users: [user({ name: 'alice', password: true, groups: ['Developers'] })] }),
      options: withDecisions([keep(alice, '2026-05-20', { reason: 'platform team' })]),
      expect: [{ resource: alice, message: 'alice: reviewed on 2026-05-20 by jane@example.com: keep', evidence: expect.objectContaining({ decision: 'keep', decidedBy: 'jane@example.com', decidedOn: '2026-05-20', reasons: ['platform team'] }) }],
    },
    { name: 'a keep decision by user name', snapshot: account({ users: [user({ name: 'alice' })] }), options: withDecisions([keep('alice', '2026-05-20')]) },
    { name: 'decided exactly on the first day of the period', snapshot: account({ users: [user({ name: 'alice' })] }), options: withDecisions([keep(alice, '2026-03-03')]) },
    {
      name: 'an older keep superseded by a fresh one',
      snapshot: account({ users: [user({ name: 'alice' })] }),
      options: withDecisions([keep(alice, '2026-05-01'), keep(alice, '2025-01-01')]),
      expect: [{ resource: alice, evidence: expect.objectContaining({ decidedOn: '2026-05-01' }) }],
    },
    {
      name: 'a revoke decision carried out: the user and each action pass',
      snapshot: account({ users: [user({ name: 'alice', password: false, groups: ['Ops'], keys: [{ active: false }] })] }),
      options: withDecisions([revoke(alice, '2026-05-20', ['remove-from-group:Developers', 'disable-console', 'deactivate-access-keys'])]),
      expect: [
        { resource: alice },
        { resource: `${alice}#remove-from-group:Developers`, message: expect.stringMatching(/decided to revoke membership of group Developers .*; done$/) },
        { resource: `${alice}#disable-console` },
        { resource: `${alice}#deactivate-access-keys` },
      ],
    },
    { name: 'a longer period configured', snapshot: account({ users: [user({ name: 'alice' })] }), options: withDecisions([keep(alice, '2025-12-01')], { reviewPeriodDays: 365 }) },
  ],
  fail: [
    {
      name: 'no decisions file configured: every user, saying so',
      snapshot: account({ users: [user({ name: 'alice' }), user({ name: 'bob' })] }),
      expect: [
        { resource: alice, message: expect.stringContaining('no access review recorded'), evidence: { reviewPeriodDays: 90, decisionsConfigured: false } },
        { resource: bob, message: expect.stringContaining('no access review recorded') },
      ],
    },
    {
      name: 'no decision for a user; a decision for another user or another account does not count',
      snapshot: account({ users: [user({ name: 'alice' }), user({ name: 'bob' })] }),
      options: withDecisions([keep(alice, '2026-05-20'), keep('arn:aws:iam::222222222222:user/bob', '2026-05-20')]),
      expect: [{ resource: bob, message: 'bob: no access review decision since 2026-03-03', evidence: { reviewPeriodDays: 90, since: '2026-03-03', latest: null } }],
    },
    {
      name: 'a stale decision (one day before the period)',
      snapshot: account({ users: [user({ name: 'alice' })] }),
      options: withDecisions([keep(alice, '2026-03-02', { reviewer: 'joe@example.com' })]),
      expect: [{ resource: alice, message: 'alice: no access review decision since 2026-03-03 (the latest: keep on 2026-03-02 by joe@example.com)' }],
    },
    {
      name: 'revoke not carried out: one fail per action still present, with the evidence remediation acts on',
      snapshot: account({ users: [user({ name: 'alice', password: true, groups: ['Developers', 'Ops'], keys: [{ ageDays: 30 }] })] }),
      options: withDecisions([revoke(alice, '2026-05-20', ['remove-from-group:Developers', 'disable-console', 'deactivate-access-keys'], { reason: 'left the team' })]),
      expect: [
        {
          resource: `${alice}#remove-from-group:Developers`,
          message: 'alice: review 2026-05-20 by jane@example.com decided to revoke membership of group Developers (remove-from-group:Developers); still present',
          evidence: { action: 'remove-from-group:Developers', revoke: ['remove-from-group:Developers', 'disable-console', 'deactivate-access-keys'], decidedBy: 'jane@example.com', decidedOn: '2026-05-20', userName: 'alice', reasons: ['left the team'] },
        },
        { resource: `${alice}#disable-console`, message: expect.stringMatching(/decided to revoke console access \(disable-console\); still present$/) },
        { resource: `${alice}#deactivate-access-keys`, message: expect.stringMatching(/decided to revoke its access keys \(deactivate-access-keys\); still present$/) },
      ],
    },
    {
      name: 'a stale revoke still stands: the user fails for the review and for what is still there',
      snapshot: account({ users: [user({ name: 'alice', password: true })] }),
      options: withDecisions([revoke('alice', '2025-06-01', ['disable-console'])]),
      expect: [{ resource: alice, message: expect.stringContaining('no access review decision since 2026-03-03') }, { resource: `${alice}#disable-console` }],
    },
    {
      name: 'a revoke of one row is not hidden by a keep of the whole principal the same day',
      snapshot: account({ users: [user({ name: 'alice', groups: ['Developers'] })] }),
      options: withDecisions([revoke(alice, '2026-05-20', ['remove-from-group:Developers'], { row: '3f9a2c1b' }), keep(alice, '2026-05-20')]),
      expect: [{ resource: `${alice}#remove-from-group:Developers` }],
    },
  ],
  not_applicable: [{ name: 'no IAM users', snapshot: account(), options: withDecisions([keep(alice, '2026-05-20')]) }],
  error: [
    { name: 'credential report unreadable', snapshot: account({ users: [user({ name: 'alice' })], credentialReport: denied('iam:GetCredentialReport') }), options: withDecisions([keep(alice, '2026-05-20')]), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'a user missing from the credential report: whether its console access was revoked cannot be told',
      snapshot: account({ users: [user({ name: 'alice' })], credentialReport: ok({ generatedAt: NOW.toISOString(), users: [rootRow()] }) }),
      options: withDecisions([revoke(alice, '2025-05-20', ['disable-console'])]),
      expect: [{ resource: `${alice}#disable-console`, errorCode: 'UserNotInCredentialReport' }],
    },
  ],
})

describe('iam.access-reviewed findings', () => {
  it('a revoke decided and partly carried out: the user passes as reviewed, the done action passes, the rest fails', () => {
    const findings = runCheck(check, account({ users: [user({ name: 'alice', password: true, groups: ['Ops'] })] }), withDecisions([revoke(alice, '2026-05-20', ['remove-from-group:Developers', 'disable-console'])]))
    expect(findings.map((f) => [f.resource, f.status, f.message])).toEqual([
      [alice, 'pass', 'alice: reviewed on 2026-05-20 by jane@example.com: revoke remove-from-group:Developers, disable-console'],
      [`${alice}#disable-console`, 'fail', 'alice: review 2026-05-20 by jane@example.com decided to revoke console access (disable-console); still present'],
      [`${alice}#remove-from-group:Developers`, 'pass', 'alice: review 2026-05-20 by jane@example.com decided to revoke membership of group Developers (remove-from-group:Developers); done'],
    ])
  })

  it('decisions of the same day are one review: revoke wins, actions merge, reviewers are listed once each', () => {
    const findings = runCheck(
      check,
      account({ users: [user({ name: 'alice', password: true, groups: ['Developers'] })] }),
      withDecisions([revoke(alice, '2026-05-20', ['disable-console'], { reviewer: 'a@example.com' }), revoke('alice', '2026-05-20', ['remove-from-group:Developers', 'disable-console'], { reviewer: 'b@example.com' }), keep(alice, '2026-04-01')]),
    )
    const reviewedUser = findings.find((f) => f.resource === alice)!
    expect(reviewedUser.evidence).toMatchObject({ decision: 'revoke', decidedBy: 'a@example.com, b@example.com', decidedOn: '2026-05-20' })
    expect(findings.filter((f) => f.status === 'fail').map((f) => f.resource).sort()).toEqual([`${alice}#disable-console`, `${alice}#remove-from-group:Developers`])
  })

  it('a user missing from the credential report: console and keys cannot be judged (error), its groups can', () => {
    const findings = runCheck(check, account({ users: [user({ name: 'alice', groups: ['Developers'] })], credentialReport: ok({ generatedAt: NOW.toISOString(), users: [rootRow()] }) }), withDecisions([revoke(alice, '2026-05-20', ['remove-from-group:Developers', 'deactivate-access-keys'])]))
    expect(findings.map((f) => [f.resource, f.status, f.errorCode ?? ''])).toEqual([
      [alice, 'pass', ''],
      [`${alice}#deactivate-access-keys`, 'error', 'UserNotInCredentialReport'],
      [`${alice}#remove-from-group:Developers`, 'fail', ''],
    ])
    expect(findings[1]!.message).toBe(`alice is not in the credential report generated at ${NOW.toISOString()}: cannot tell whether deactivate-access-keys was carried out`)
  })

  it('a later keep supersedes an earlier revoke', () => {
    const findings = runCheck(check, account({ users: [user({ name: 'alice', password: true })] }), withDecisions([revoke(alice, '2026-04-01', ['disable-console']), keep(alice, '2026-05-01')]))
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[alice, 'pass']])
  })

  it('the credential report decides console and keys; authorization details decide groups', () => {
    const row = { ...credentialRow(user({ name: 'bob', password: true, groups: [] })), passwordEnabled: false }
    const findings = runCheck(check, account({ users: [user({ name: 'bob', groups: ['Admins'] })], credentialReport: ok({ generatedAt: NOW.toISOString(), users: [rootRow(), row] }) }), withDecisions([revoke(bob, '2026-05-20', ['disable-console', 'remove-from-group:Admins'])]))
    expect(findings.filter((f) => f.resource !== bob).map((f) => [f.resource.split('#')[1], f.status])).toEqual([
      ['disable-console', 'pass'],
      ['remove-from-group:Admins', 'fail'],
    ])
  })
})
