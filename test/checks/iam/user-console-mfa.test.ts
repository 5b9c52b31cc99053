import check from '../../../src/checks/iam/user-console-mfa.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfUser, denied, user } from '../../support/builders.js'

checkCases(check, {
  pass: [{ name: 'password and MFA', snapshot: account({ users: [user({ name: 'alice', password: true, mfa: true })] }) }],
  fail: [
    {
      name: 'password without MFA; key-only user ignored',
      snapshot: account({ users: [user({ name: 'bob', password: true }), user({ name: 'ci', keys: [{}] }), user({ name: 'alice', password: true, mfa: true })] }),
      expect: [{ resource: arnOfUser('bob') }],
    },
  ],
  not_applicable: [{ name: 'no console users', snapshot: account({ users: [user({ name: 'ci', keys: [{}] })] }) }],
  error: [{ name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] }],
})
