import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/org/scp-deny-style.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
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

describe('org.scp-deny-style findings', () => {
  it('messages and evidence for deny-only and allow-list SCPs', () => {
    const findings = runCheck(
      check,
      orgSnapshot({
        scps: [
          { id: 'p-allow', name: 'allow-compute', document: policyDocument({ Sid: 'OnlyCompute', Effect: 'Allow', Action: ['ec2:*'], Resource: '*' }, { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) },
          { id: 'p-deny', name: 'deny-leave', document: policyDocument(denyStatement('organizations:LeaveOrganization')) },
        ],
      }),
    )
    expect(findings.map((f) => [f.resource, f.status, f.message, f.evidence])).toEqual([
      [
        arnOf('p-allow'),
        'fail',
        'SCP allow-compute (p-allow) is allow-list style (2 Allow statement(s)): review it',
        {
          policyId: 'p-allow',
          policyName: 'allow-compute',
          allowStatements: [
            expect.objectContaining({ index: 0, sid: 'OnlyCompute', action: ['ec2:*'] }),
            expect.objectContaining({ index: 1, notAction: ['iam:*'] }),
          ],
        },
      ],
      [arnOf('p-deny'), 'pass', 'SCP deny-leave (p-deny) is deny-only', { policyId: 'p-deny', policyName: 'deny-leave' }],
    ])
  })

  it('an AWS-managed allow-list SCP is not judged', () => {
    const findings = runCheck(check, orgSnapshot({ scps: [{ id: 'p-aws', awsManaged: true, document: policyDocument({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }] }))
    expect(findings.map((f) => f.status)).toEqual(['not_applicable'])
  })

  it('errors say which SCP could not be read and why', () => {
    const denied = { code: 'AccessDeniedException', message: 'denied', operation: 'organizations:DescribePolicy' }
    const findings = runCheck(
      check,
      orgSnapshot({
        scps: [
          { id: 'p-hidden', name: 'hidden', content: unreadable(denied) },
          { id: 'p-junk', name: 'junk', content: { kind: 'ok', value: { kind: 'unparseable', problem: 'Unexpected token', excerpt: '<html>' } } },
          { id: 'p-odd', name: 'odd', document: { Version: '2012-10-17', Statement: 'not a statement' } },
        ],
      }),
    )
    expect(findings.map((f) => [f.resource, f.status, f.errorCode, f.message])).toEqual([
      [arnOf('p-hidden'), 'error', 'AccessDeniedException', 'Could not read SCP hidden: organizations:DescribePolicy failed with AccessDeniedException: denied'],
      [arnOf('p-junk'), 'error', 'ScpUnparseable', 'SCP junk is not a readable policy document: Unexpected token'],
      [arnOf('p-odd'), 'error', 'ScpUnparseable', expect.stringMatching(/^SCP odd cannot be read as a policy: ./)],
    ])
  })

  it('an unreadable SCP list: error on the organization, naming the operation', () => {
    const findings = runCheck(check, orgSnapshot({ override: { serviceControlPolicies: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListPolicies' }) } }))
    expect(findings.map((f) => [f.accountId, f.message])).toEqual([[MANAGEMENT_ID, 'Could not list SCPs: organizations:ListPolicies failed with AccessDeniedException: denied']])
  })
})

describe('org.scp-deny-style: what counts as restricting nothing', () => {
  const verdict = (...statements: Record<string, unknown>[]) => runCheck(check, orgSnapshot({ scps: [{ id: 'p-x', document: policyDocument(...statements) }] })).map((f) => f.status)

  it('an unconditioned Allow whose actions include "*" and whose resources include "*" is FullAWSAccess by hand', () => {
    expect(verdict({ Effect: 'Allow', Action: ['ec2:*', '*'], Resource: ['arn:aws:s3:::b', '*'] })).toEqual(['pass'])
  })

  it('an Allow of every action on named resources only is an allow-list', () => {
    expect(verdict({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket' })).toEqual(['fail'])
  })

  it('the account list unreadable: the AWS error, not a crash', () => {
    const findings = runCheck(check, orgSnapshot({ scps: [{ id: 'p-x', document: policyDocument(denyStatement('*')) }], override: { accounts: unreadable({ code: 'AccessDeniedException', message: 'denied', operation: 'organizations:ListAccounts' }) } }))
    expect(findings.map((f) => [f.status, f.errorCode])).toEqual([['error', 'AccessDeniedException']])
  })

  it('an Allow of "*" with NotResource carves resources out: allow-list style, not deny-only', () => {
    const findings = runCheck(check, orgSnapshot({ scps: [{ id: 'p-x', document: policyDocument({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::secret' }) }] }))
    expect(findings.map((f) => f.status)).toEqual(['fail'])
  })
})
