import { expect } from 'vitest'
import check from '../../../src/checks/iam/key-source-restricted.js'
import { checkCases } from '../../support/check-cases.js'
import { account, arnOfUser, denied, group, managedPolicy, user } from '../../support/builders.js'

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement })
const denyOutsideOffice = doc({ Sid: 'Office', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } })
const s3Read = managedPolicy('s3-read', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))
const ref = (p: { name: string; arn: string }) => ({ name: p.name, arn: p.arn })

checkCases(check, {
  pass: [
    {
      name: "restricted through a group's managed policy",
      snapshot: account({
        users: [user({ name: 'ci', keys: [{}], groups: ['automation'] })],
        groups: [group('automation', { attachedPolicies: [{ name: 'office-only', arn: 'arn:aws:iam::111111111111:policy/office-only' }] })],
        policies: [managedPolicy('office-only', denyOutsideOffice)],
      }),
      expect: [
        {
          resource: arnOfUser('ci'),
          evidence: {
            activeKeySlots: [1],
            restrictedBy: { source: 'group-managed', policy: 'automation/arn:aws:iam::111111111111:policy/office-only', statementIndex: 0, sid: 'Office', effect: 'Deny', conditions: [{ operator: 'NotIpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'] }] },
          },
        },
      ],
    },
    {
      name: "user's own inline policy with a lower-case aws:sourcevpc key",
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], inlinePolicies: [{ name: 'vpc', document: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'AWS:sourcevpc': 'vpc-1234' } } }) }] })] }),
    },
    {
      name: 'permissions boundary with a source-IP condition; other policies unknown do not matter',
      snapshot: account({
        users: [user({ name: 'ci', keys: [{}], permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary', attachedPolicies: [{ name: 'gone', arn: 'arn:aws:iam::111111111111:policy/gone' }] })],
        policies: [managedPolicy('boundary', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))],
      }),
    },
  ],
  fail: [
    {
      name: 'active key and only unconditional policies; restricted and keyless users are fine',
      snapshot: account({
        users: [
          user({ name: 'bob', keys: [{}], attachedPolicies: [ref(s3Read)], inlinePolicies: [{ name: 'mfa', document: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }) }] }),
          user({ name: 'ci', keys: [{}], inlinePolicies: [{ name: 'office', document: denyOutsideOffice }] }),
          user({ name: 'human', password: true, mfa: true }),
          user({ name: 'retired', keys: [{ active: false }] }),
        ],
        policies: [s3Read],
      }),
      expect: [{ resource: arnOfUser('bob'), evidence: { activeKeySlots: [1], policiesExamined: ['mfa', s3Read.arn] } }],
    },
    {
      name: 'a condition on aws:SourceVpce (endpoint id) is not aws:SourceVpc',
      snapshot: account({ users: [user({ name: 'bob', keys: [{}], inlinePolicies: [{ name: 'vpce', document: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }) }] })] }),
      expect: [{ resource: arnOfUser('bob') }],
    },
  ],
  not_applicable: [{ name: 'no user has an active access key', snapshot: account({ users: [user({ name: 'human', password: true })] }) }],
  error: [
    { name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'no restriction found but an attached policy document is unknown',
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], attachedPolicies: [{ name: 'AmazonS3FullAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }] })] }),
      expect: [{ resource: arnOfUser('ci'), errorCode: 'PolicyDocumentMissing', message: expect.stringContaining('AmazonS3FullAccess') }],
    },
    {
      name: "user's group is missing from the snapshot",
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], groups: ['ghost'] })] }),
      expect: [{ resource: arnOfUser('ci'), errorCode: 'PolicyDocumentMissing' }],
    },
  ],
})
