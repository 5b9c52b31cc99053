import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/user-owner-tag.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, denied, user } from '../../support/builders.js'

checkCases(check, {
  pass: [
    { name: 'Owner tag set', snapshot: account({ users: [user({ name: 'alice', tags: { Owner: 'team-a@example.com' } })] }), expect: [{ resource: arnOfUser('alice'), evidence: { tagKey: 'Owner', owner: 'team-a@example.com' } }] },
    { name: 'tag key in another case', snapshot: account({ users: [user({ name: 'alice', tags: { owner: 'team-a@example.com' } })] }) },
    { name: 'configured tag key', snapshot: account({ users: [user({ name: 'alice', tags: { CostCentreOwner: 'bob' } })] }), options: { tagKey: 'CostCentreOwner' } },
  ],
  fail: [
    {
      name: 'no owner tag, blank owner tag; tagged user passes',
      snapshot: account({ users: [user({ name: 'bob', tags: { Team: 'x' } }), user({ name: 'carol', tags: { Owner: '  ' } }), user({ name: 'alice', tags: { Owner: 'a' } })] }),
      expect: [
        { resource: arnOfUser('bob'), evidence: { tagKey: 'Owner', tagKeysPresent: ['Team'] } },
        { resource: arnOfUser('carol'), message: expect.stringContaining('empty') },
      ],
    },
    { name: 'default Owner tag present but another key configured', snapshot: account({ users: [user({ name: 'bob', tags: { Owner: 'a' } })] }), options: { tagKey: 'Custodian' }, expect: [{ resource: arnOfUser('bob') }] },
  ],
  not_applicable: [{ name: 'no IAM users', snapshot: account() }],
  error: [{ name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] }],
})

describe('iam.user-owner-tag findings', () => {
  it('messages name the owner, the empty tag as spelled, or the missing configured key', () => {
    const findings = runCheck(check, account({ users: [user({ name: 'alice', tags: { owner: 'team-a' } }), user({ name: 'carol', tags: { OWNER: ' ' } }), user({ name: 'bob', tags: {} })] }))
    expect(findings.map((f) => [f.resource, f.status, f.message, f.evidence])).toEqual([
      [arnOfUser('alice'), 'pass', 'alice is owned by team-a', { tagKey: 'owner', owner: 'team-a' }],
      [arnOfUser('bob'), 'fail', 'bob has no Owner tag', { tagKey: 'Owner', tagKeysPresent: [] }],
      [arnOfUser('carol'), 'fail', 'carol has an empty OWNER tag', { tagKey: 'OWNER', owner: ' ' }],
    ])
  })

  it('matches a configured key case-insensitively in both directions', () => {
    expect(runCheck(check, account({ users: [user({ name: 'alice', tags: { custodian: 'x' } })] }), { tagKey: 'Custodian' }).map((f) => f.status)).toEqual(['pass'])
  })
})
