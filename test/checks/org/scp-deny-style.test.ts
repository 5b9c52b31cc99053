import { expect } from 'vitest'
import check from '../../../src/checks/org/scp-deny-style.js'
import { checkCases } from '../../support/check-cases.js'
import { unreadable } from '../../support/builders.js'
import { denyStatement, MANAGEMENT_ID, ORG_ID, orgSnapshot, policyDocument } from '../../support/org-builders.js'

const arnOf = (id: string) => `arn:aws:organizations::${MANAGEMENT_ID}:policy/${ORG_ID}/service_control_policy/${id}`

checkCases(check, {
  pass: [
    { name: 'deny-only custom SCP; FullAWSAccess (an Allow) is AWS-managed and ignored', snapshot: orgSnapshot({ scps: [{ id: 'p-deny', document: policyDocument(denyStatement('cloudtrail:StopLogging')) }] }), expect: [{ resource: arnOf('p-deny'), accountId: MANAGEMENT_ID }] },
    { name: 'custom copy of FullAWSAccess plus denies (Allow * on * restricts nothing)', snapshot: orgSnapshot({ scps: [{ id: 'p-full-plus', document: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }, denyStatement('organizations:LeaveOrganization')) }] }) },
  ],
  fail: [
    {
      name: 'allow-list custom SCP flagged; deny-only one passes',
      snapshot: orgSnapshot({
        scps: [
          { id: 'p-allow', name: 'allow-compute', document: policyDocument({ Sid: 'OnlyCompute', Effect: 'Allow', Action: ['ec2:*'], Resource: '*' }) },
          { id: 'p-deny', document: policyDocument(denyStatement('*')) },
          { id: 'p-conditional-allow', document: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }) },
        ],
      }),
      expect: [{ resource: arnOf('p-allow'), message: expect.stringContaining('allow-list style'), evidence: expect.objectContaining({ allowStatements: [expect.objectContaining({ sid: 'OnlyCompute' })] }) }, { resource: arnOf('p-conditional-allow') }],
    },
  ],
  not_applicable: [{ name: 'no custom SCPs', snapshot: orgSnapshot() }],
  error: [
    { name: 'custom SCP content is not JSON', snapshot: orgSnapshot({ scps: [{ id: 'p-junk', content: { kind: 'ok', value: { kind: 'unparseable', problem: 'Unexpected token', excerpt: '<html>' } } }] }), expect: [{ resource: arnOf('p-junk'), errorCode: 'ScpUnparseable' }] },
    { name: 'SCP list unreadable', snapshot: orgSnapshot({ override: { serviceControlPolicies: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListPolicies' }) } }), expect: [{ errorCode: 'AccessDeniedException' }] },
  ],
})
