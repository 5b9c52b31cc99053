import { expect } from 'vitest'
import check from '../../../src/checks/iam/no-admin-star.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfRole, arnOfUser, denied, group, managedPolicy, role, user } from '../../support/builders.js'

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement })
const admin = managedPolicy('AdministratorAccess', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), { awsManaged: true })
const readS3 = managedPolicy('read-s3', { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' } })
const ref = (p: { name: string; arn: string }) => ({ name: p.name, arn: p.arn })

checkCases(check, {
  pass: [
    {
      name: 'attached customer and AWS-managed policies without "*" on "*"',
      snapshot: account({
        roles: [role('app', { attachedPolicies: [ref(readS3)] })],
        users: [user({ name: 'auditor', attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] })],
        policies: [readS3, managedPolicy('ReadOnlyAccess', doc({ Effect: 'Allow', Action: ['a4b:Get*', 'acm:Describe*'], Resource: '*' }), { awsManaged: true })],
      }),
      expect: [{ resource: readS3.arn, evidence: expect.objectContaining({ attachedTo: [arnOfRole('app')] }) }],
    },
    {
      name: 'near misses: service-wide star, Deny star, star on one bucket, NotAction',
      snapshot: account({
        users: [
          user({
            name: 'ops',
            inlinePolicies: [
              {
                name: 'near-misses',
                document: doc(
                  { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
                  { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
                  { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' },
                  { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
                ),
              },
            ],
          }),
        ],
      }),
      expect: [{ resource: `${arnOfUser('ops')}#inline-policy/near-misses` }],
    },
  ],
  fail: [
    {
      name: 'AWS-managed admin on a role, customer "*:*", inline admin with a condition; safe policy passes',
      snapshot: account({
        roles: [role('admin', { attachedPolicies: [ref(admin)] }), role('app', { attachedPolicies: [ref(readS3)] })],
        users: [user({ name: 'bob', attachedPolicies: [{ name: 'full', arn: 'arn:aws:iam::111111111111:policy/full' }] })],
        groups: [group('ops', { inlinePolicies: [{ name: 'break-glass', document: doc({ Sid: 'All', Effect: 'Allow', Action: ['s3:*', '*:*'], Resource: ['*'], Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) }] })],
        policies: [admin, readS3, managedPolicy('full', doc({ Effect: 'Allow', Action: '*:*', Resource: '*' }))],
      }),
      expect: [
        { resource: admin.arn, evidence: expect.objectContaining({ awsManaged: true, attachedTo: [arnOfRole('admin')], statements: [{ index: 0, effect: 'Allow', action: ['*'], resource: ['*'] }] }) },
        { resource: 'arn:aws:iam::111111111111:policy/full' },
        { resource: 'arn:aws:iam::111111111111:group/ops#inline-policy/break-glass', evidence: expect.objectContaining({ statements: [expect.objectContaining({ sid: 'All', condition: ['Bool aws:MultiFactorAuthPresent'] })] }) },
      ],
    },
    {
      name: 'attachment count set although no principal in the snapshot lists it',
      snapshot: account({ policies: [managedPolicy('orphan-admin', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), { attachmentCount: 2 })] }),
      expect: [{ resource: 'arn:aws:iam::111111111111:policy/orphan-admin' }],
    },
  ],
  not_applicable: [
    { name: 'an admin policy attached to no one', snapshot: account({ policies: [managedPolicy('unused-admin', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), { attachmentCount: 0 })] }) },
  ],
  error: [
    { name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'attached AWS-managed policy whose document is absent',
      snapshot: account({ roles: [role('admin', { attachedPolicies: [ref(admin)] })], policies: [{ ...admin, document: undefined }] }),
      expect: [{ resource: admin.arn, errorCode: 'PolicyDocumentMissing' }],
    },
    {
      name: 'attached policy missing from the policy list',
      snapshot: account({ roles: [role('admin', { attachedPolicies: [ref(admin)] })] }),
      expect: [{ resource: admin.arn, errorCode: 'PolicyNotInSnapshot' }],
    },
    {
      name: 'malformed inline policy',
      snapshot: account({ roles: [role('odd', { inlinePolicies: [{ name: 'bad', document: { Statement: [{ Effect: 'Allow', Resource: '*' }] } }] })] }),
      expect: [{ resource: `${arnOfRole('odd')}#inline-policy/bad`, errorCode: 'PolicyDocumentMalformed' }],
    },
  ],
})
