import { expect } from 'vitest'
import check from '../../../src/checks/org/scp-protect-config.js'
import { checkCases } from '../../support/check-cases.js'
import { unreadable } from '../../support/builders.js'
import { denyStatement, orgSnapshot, policyDocument, ROOT_ID } from '../../support/org-builders.js'

const MEMBER = '222222222222'
const CONFIG_ACTIONS = ['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel']
const withScp = (targets: string[], doc: Record<string, unknown>) => orgSnapshot({ accounts: [{ id: MEMBER, name: 'app' }], scps: [{ id: 'p-cfg', name: 'protect-config', document: doc, targets }] })

checkCases(check, {
  pass: [
    { name: 'the three actions denied at the account', snapshot: withScp([MEMBER], policyDocument(denyStatement(CONFIG_ACTIONS))), expect: [{ accountId: MEMBER, evidence: expect.objectContaining({ verdicts: expect.arrayContaining([expect.objectContaining({ policyId: 'p-cfg', level: `account:app (${MEMBER})` })]) }) }] },
    { name: 'NotAction deny that does not exempt config', snapshot: withScp([ROOT_ID], policyDocument({ Effect: 'Deny', NotAction: ['ec2:*', 's3:*'], Resource: '*' })) },
  ],
  fail: [
    { name: 'DeleteDeliveryChannel left out', snapshot: withScp([ROOT_ID], policyDocument(denyStatement(CONFIG_ACTIONS.slice(0, 2)))), expect: [{ accountId: MEMBER, message: expect.stringContaining('config:DeleteDeliveryChannel is allowed') }] },
    { name: 'no SCP besides FullAWSAccess', snapshot: orgSnapshot({ accounts: [{ id: MEMBER }] }), expect: [{ accountId: MEMBER }] },
  ],
  not_applicable: [{ name: 'no member accounts', snapshot: orgSnapshot() }],
  error: [{ name: 'SCP list unreadable', snapshot: orgSnapshot({ accounts: [{ id: MEMBER }], override: { serviceControlPolicies: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListPolicies' }) } }), expect: [{ accountId: MEMBER, errorCode: 'AccessDeniedException' }] }],
})
