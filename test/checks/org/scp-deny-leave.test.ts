import { expect } from 'vitest'
import check from '../../../src/checks/org/scp-deny-leave.js'
import { checkCases } from '../../support/check-cases.js'
import { unreadable } from '../../support/builders.js'
import { denyStatement, orgSnapshot, policyDocument, ROOT_ID } from '../../support/org-builders.js'

const MEMBER = '222222222222'
const tree = { ous: [{ id: 'ou-apps', name: 'Apps' }], accounts: [{ id: MEMBER, name: 'app', parent: 'ou-apps' }] }

checkCases(check, {
  pass: [
    { name: 'LeaveOrganization denied at the root', snapshot: orgSnapshot({ ...tree, scps: [{ id: 'p-stay', name: 'stay', document: policyDocument(denyStatement('organizations:LeaveOrganization')), targets: [ROOT_ID] }] }), expect: [{ accountId: MEMBER, message: expect.stringContaining('denied by SCP stay (p-stay)') }] },
    { name: 'organizations:* denied at the OU', snapshot: orgSnapshot({ ...tree, scps: [{ id: 'p-org', document: policyDocument(denyStatement('organizations:*')), targets: ['ou-apps'] }] }) },
    {
      name: 'FullAWSAccess detached from the OU (no Allow left): implicitly denied there',
      snapshot: orgSnapshot({ ...tree, withoutFullAwsAccess: ['ou-apps'], scps: [{ id: 'p-ec2', document: policyDocument({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), targets: ['ou-apps'] }] }),
      expect: [{ accountId: MEMBER, message: expect.stringContaining('implicitly denied: no SCP attached at OU Apps (ou-apps) allows it') }],
    },
  ],
  fail: [
    { name: 'only FullAWSAccess', snapshot: orgSnapshot(tree), expect: [{ accountId: MEMBER, message: expect.stringContaining('organizations:LeaveOrganization is allowed') }] },
    { name: 'SCP policy type disabled on the root', snapshot: orgSnapshot({ ...tree, scpEnabled: false, scps: [{ id: 'p-stay', document: policyDocument(denyStatement('organizations:LeaveOrganization')), targets: [ROOT_ID] }] }), expect: [{ accountId: MEMBER, message: expect.stringContaining('not enabled on root') }] },
  ],
  not_applicable: [{ name: 'management account only', snapshot: orgSnapshot() }],
  error: [{ name: 'account list unreadable', snapshot: orgSnapshot({ ...tree, override: { accounts: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListAccountsForParent' }) } }), expect: [{ errorCode: 'AccessDeniedException' }] }],
})
