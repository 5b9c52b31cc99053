import { expect } from 'vitest'
import check from '../../../src/checks/org/scp-protect-cloudtrail.js'
import { checkCases } from '../../support/check-cases.js'
import { rootArn, unreadable } from '../../support/builders.js'
import { denyStatement, MANAGEMENT_ID, orgSnapshot, policyDocument, ROOT_ID, type OrgSpec } from '../../support/org-builders.js'

const PROD = '222222222222'
const DEV = '333333333333'
const tree: OrgSpec = {
  ous: [
    { id: 'ou-work', name: 'Workloads' },
    { id: 'ou-prod', name: 'Prod', parent: 'ou-work' },
    { id: 'ou-dev', name: 'Dev', parent: 'ou-work' },
  ],
  accounts: [
    { id: PROD, name: 'prod', parent: 'ou-prod' },
    { id: DEV, name: 'dev', parent: 'ou-dev' },
  ],
}
const TRAIL_ACTIONS = ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail']
const withScp = (targets: string[], doc: Record<string, unknown>, extra: OrgSpec = {}) => orgSnapshot({ ...tree, ...extra, scps: [{ id: 'p-trail', name: 'protect-trail', document: doc, targets }] })

checkCases(check, {
  pass: [
    {
      name: 'deny of the three actions at the root covers every member',
      snapshot: withScp([ROOT_ID], policyDocument(denyStatement(TRAIL_ACTIONS))),
      expect: [
        { accountId: PROD, resource: rootArn(PROD), evidence: expect.objectContaining({ ouPath: ['Root', 'Workloads', 'Prod'] }) },
        { accountId: DEV, resource: rootArn(DEV) },
      ],
    },
    { name: 'cloudtrail:* denied at the Workloads OU', snapshot: withScp(['ou-work'], policyDocument(denyStatement('cloudtrail:*'))) },
    {
      name: 'break-glass exemption still counts as protection',
      snapshot: withScp([ROOT_ID], policyDocument(denyStatement(TRAIL_ACTIONS, { Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } } }))),
      expect: [{ accountId: PROD, message: expect.stringContaining('exempt principals: arn:aws:iam::*:role/BreakGlass') }],
    },
  ],
  fail: [
    {
      name: 'deny only on the Prod OU: Dev is unprotected',
      snapshot: withScp(['ou-prod'], policyDocument(denyStatement(TRAIL_ACTIONS))),
      expect: [{ accountId: DEV, resource: rootArn(DEV), message: expect.stringContaining('cloudtrail:StopLogging is allowed') }],
    },
    {
      name: 'Stop* denies StopLogging only: DeleteTrail and UpdateTrail stay allowed',
      snapshot: withScp([ROOT_ID], policyDocument(denyStatement('cloudtrail:Stop*'))),
      expect: [
        { accountId: PROD, message: expect.stringMatching(/DeleteTrail is allowed.*UpdateTrail is allowed/) },
        { accountId: DEV, message: expect.not.stringContaining('StopLogging') },
      ],
    },
    {
      name: 'deny that depends on the request region is not protection (reported as conditional)',
      snapshot: withScp([ROOT_ID], policyDocument(denyStatement(TRAIL_ACTIONS, { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))),
      expect: [
        { accountId: PROD, message: expect.stringContaining('not denied in every case: it depends on conditions the scan cannot decide') },
        { accountId: DEV, message: expect.stringContaining('StringEquals aws:RequestedRegion') },
      ],
    },
    {
      name: 'consolidated-billing organization: no SCP applies',
      snapshot: withScp([ROOT_ID], policyDocument(denyStatement(TRAIL_ACTIONS)), { featureSet: 'CONSOLIDATED_BILLING' }),
      expect: [
        { accountId: PROD, message: expect.stringContaining('consolidated billing') },
        { accountId: DEV, message: expect.stringContaining('consolidated billing') },
      ],
    },
  ],
  not_applicable: [
    { name: 'management account only (SCPs never restrict it)', snapshot: orgSnapshot(), expect: [{ accountId: MANAGEMENT_ID, resource: rootArn(MANAGEMENT_ID) }] },
    { name: 'suspended member', snapshot: orgSnapshot({ accounts: [{ id: PROD, status: 'SUSPENDED' }] }), expect: [{ accountId: PROD, message: expect.stringContaining('SUSPENDED') }] },
  ],
  error: [
    {
      name: 'not run from the management account',
      snapshot: orgSnapshot({ override: { organization: unreadable({ code: 'AccessDeniedException', message: 'You don’t have permissions', operation: 'organizations:DescribeOrganization' }) } }),
      expect: [{ errorCode: 'AccessDeniedException' }],
    },
    {
      name: 'one SCP content unreadable: members are error, never pass',
      snapshot: orgSnapshot({
        ...tree,
        scps: [{ id: 'p-x', targets: [ROOT_ID], content: unreadable({ code: 'TooManyRequestsException', message: 'Rate exceeded', operation: 'organizations:DescribePolicy' }) }],
      }),
      expect: [
        { accountId: PROD, errorCode: 'TooManyRequestsException' },
        { accountId: DEV, errorCode: 'TooManyRequestsException' },
      ],
    },
  ],
})
