import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/no-admin-star.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
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


describe('iam.no-admin-star findings', () => {
  const summary = (snap: ReturnType<typeof account>) => runCheck(check, snap).map((f) => [f.resource, f.status, f.message])

  it('messages name the policy (and for inline, its holder), and whether it grants "*" on "*"', () => {
    const inlineAdmin = { name: 'all', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }
    const inlineSafe = { name: 'some', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }
    expect(
      summary(
        account({
          users: [user({ name: 'bob', inlinePolicies: [inlineAdmin] })],
          groups: [group('devs', { attachedPolicies: [ref(readS3)] })],
          roles: [role('app', { attachedPolicies: [ref(admin)], inlinePolicies: [inlineSafe] })],
          policies: [admin, readS3],
        }),
      ),
    ).toEqual([
      [readS3.arn, 'pass', 'Managed policy read-s3 does not grant "*" on "*"'],
      [`${arnOfRole('app')}#inline-policy/some`, 'pass', 'Inline policy some of role app does not grant "*" on "*"'],
      [`${arnOfUser('bob')}#inline-policy/all`, 'fail', 'Inline policy all of user bob allows every action on every resource'],
      [admin.arn, 'fail', 'Managed policy AdministratorAccess allows every action on every resource'],
    ])
  })

  it('evidence: who holds a managed policy (every kind of principal), and what an inline policy is', () => {
    const findings = runCheck(
      check,
      account({
        users: [user({ name: 'bob', attachedPolicies: [ref(readS3)], inlinePolicies: [{ name: 'own', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }] })],
        groups: [group('devs', { attachedPolicies: [ref(readS3)] })],
        roles: [role('app', { attachedPolicies: [ref(readS3)] })],
        policies: [{ ...readS3, attachmentCount: 3 }],
      }),
    )
    const byResource = Object.fromEntries(findings.map((f) => [f.resource, f.evidence]))
    expect(byResource[readS3.arn]).toEqual({ policyArn: readS3.arn, awsManaged: false, defaultVersionId: 'v1', attachmentCount: 3, attachedTo: [arnOfUser('bob'), 'arn:aws:iam::111111111111:group/devs', arnOfRole('app')] })
    expect(byResource[`${arnOfUser('bob')}#inline-policy/own`]).toEqual({ principalArn: arnOfUser('bob'), principalType: 'user', policyName: 'own' })
  })

  it('a managed policy attached only per the snapshot’s principals (attachmentCount 0) is still judged', () => {
    expect(summary(account({ roles: [role('admin', { attachedPolicies: [ref(admin)] })], policies: [{ ...admin, attachmentCount: 0 }] })).map((f) => f[1])).toEqual(['fail'])
  })

  it('only an Allow with "*" actions on "*" resources counts', () => {
    const verdict = (statement: Record<string, unknown>) => summary(account({ users: [user({ name: 'u', inlinePolicies: [{ name: 'p', document: doc(statement) }] })] }))[0]![1]
    expect(verdict({ Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: ['arn:aws:s3:::b', '*'] })).toBe('fail')
    expect(verdict({ Effect: 'Deny', Action: '*', Resource: '*' })).toBe('pass')
    expect(verdict({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::b' })).toBe('pass')
    expect(verdict({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })).toBe('pass')
  })

  it('errors say what is missing or malformed', () => {
    const findings = runCheck(
      check,
      account({
        roles: [role('admin', { attachedPolicies: [ref(admin), { name: 'ghost', arn: 'arn:aws:iam::111111111111:policy/ghost' }] }), role('odd', { inlinePolicies: [{ name: 'bad', document: { Statement: [{ Effect: 'Allow', Resource: '*' }] } }] })],
        users: [user({ name: 'bob', attachedPolicies: [{ name: 'ghost', arn: 'arn:aws:iam::111111111111:policy/ghost' }] })],
        policies: [{ ...admin, document: undefined }],
      }),
    )
    expect(findings.map((f) => [f.resource, f.errorCode, f.message])).toEqual([
      ['arn:aws:iam::111111111111:policy/ghost', 'PolicyNotInSnapshot', `arn:aws:iam::111111111111:policy/ghost is attached to ${arnOfUser('bob')}, ${arnOfRole('admin')} but the policy is not in the snapshot`],
      [`${arnOfRole('odd')}#inline-policy/bad`, 'PolicyDocumentMalformed', expect.stringMatching(/^Inline policy bad of role odd: the policy document cannot be interpreted \(.+\)$/)],
      [admin.arn, 'PolicyDocumentMissing', 'AdministratorAccess is attached but its document (version v1) is not in the snapshot'],
    ])
  })
})

describe('iam.no-admin-star: inline policies of groups', () => {
  it('are named as the group’s', () => {
    const findings = runCheck(check, account({ groups: [group('ops', { inlinePolicies: [{ name: 'all', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }] })] }))
    expect(findings.map((f) => [f.message, f.evidence?.principalType])).toEqual([['Inline policy all of group ops allows every action on every resource', 'group']])
  })
})
