import check from '../../../src/checks/iam/user-in-group.js'
import { checkCases } from '../../support/check-cases.js'
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
