import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/user-in-group.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, denied, user } from '../../support/builders.js'

checkCases(check, {
  pass: [{ name: 'user in a group', snapshot: account({ users: [user({ name: 'alice', groups: ['devs'] })] }), expect: [{ resource: arnOfUser('alice'), evidence: { groups: ['devs'] } }] }],
  fail: [
    {
      name: 'user in no group; grouped user passes',
      snapshot: account({ users: [user({ name: 'bob' }), user({ name: 'alice', groups: ['devs', 'ops'] })] }),
      expect: [{ resource: arnOfUser('bob') }],
    },
  ],
  not_applicable: [{ name: 'no IAM users', snapshot: account() }],
  error: [{ name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] }],
})

describe('iam.user-in-group findings', () => {
  it('name the groups of a grouped user and say when a user has none', () => {
    const findings = runCheck(check, account({ users: [user({ name: 'alice', groups: ['devs', 'ops'] }), user({ name: 'bob' })] }))
    expect(findings.map((f) => [f.resource, f.status, f.message, f.evidence])).toEqual([
      [arnOfUser('alice'), 'pass', 'alice is in devs, ops', { groups: ['devs', 'ops'] }],
      [arnOfUser('bob'), 'fail', 'bob belongs to no IAM group', { groups: [] }],
    ])
  })
})
