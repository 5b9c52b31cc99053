import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/iam/key-source-restricted.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import { account, arnOfUser, denied, group, managedPolicy, user } from '../../support/builders.js'

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement })
const OFFICE = ['203.0.113.0/24']
const denyOutsideOffice = doc({ Sid: 'Office', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': OFFICE }, Bool: { 'aws:ViaAWSService': 'false' } } })
const s3Read = managedPolicy('s3-read', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))
const adminAccess = managedPolicy('AdministratorAccess', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), { awsManaged: true })
const officeS3Read = { name: 'office-s3', document: doc({ Sid: 'OfficeRead', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': OFFICE } } }) }
const ref = (p: { name: string; arn: string }) => ({ name: p.name, arn: p.arn })

checkCases(check, {
  pass: [
    {
      name: "a deny-outside-network statement in a group's managed policy, next to an unconditioned AdministratorAccess",
      snapshot: account({
        users: [user({ name: 'ci', keys: [{}], groups: ['automation'], attachedPolicies: [ref(adminAccess)] })],
        groups: [group('automation', { attachedPolicies: [{ name: 'office-only', arn: 'arn:aws:iam::111111111111:policy/office-only' }] })],
        policies: [adminAccess, managedPolicy('office-only', denyOutsideOffice)],
      }),
      expect: [
        {
          resource: arnOfUser('ci'),
          evidence: {
            activeKeySlots: [1],
            restrictedBy: {
              rule: 'deny-outside-network',
              source: 'group-managed',
              policy: 'automation/arn:aws:iam::111111111111:policy/office-only',
              statementIndex: 0,
              sid: 'Office',
              effect: 'Deny',
              conditions: [
                { operator: 'NotIpAddress', key: 'aws:SourceIp', values: OFFICE },
                { operator: 'Bool', key: 'aws:ViaAWSService', values: ['false'] },
              ],
            },
          },
        },
      ],
    },
    {
      name: "user's own inline Deny with a lower-case aws:sourcevpc key (StringNotEqualsIfExists)",
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], attachedPolicies: [ref(adminAccess)], inlinePolicies: [{ name: 'vpc', document: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'AWS:sourcevpc': 'vpc-1234' } } }) }] })], policies: [adminAccess] }),
    },
    {
      name: 'a Deny on requests not through our VPC endpoint (StringNotEquals aws:SourceVpce)',
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], attachedPolicies: [ref(adminAccess)], inlinePolicies: [{ name: 'vpce', document: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }) }] })], policies: [adminAccess] }),
    },
    {
      name: 'the only restriction is a Deny in the permissions boundary (a boundary Deny still denies); other policies unknown do not matter',
      snapshot: account({
        users: [user({ name: 'ci', keys: [{}], permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary', attachedPolicies: [ref(adminAccess), { name: 'gone', arn: 'arn:aws:iam::111111111111:policy/gone' }] })],
        policies: [adminAccess, managedPolicy('boundary', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'Net', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': OFFICE } } }))],
      }),
      expect: [{ resource: arnOfUser('ci'), evidence: expect.objectContaining({ restrictedBy: expect.objectContaining({ rule: 'deny-outside-network', source: 'permissions-boundary', sid: 'Net' }) }) }],
    },
    {
      name: 'every Allow statement (user inline + group managed) is conditioned on the source network',
      snapshot: account({
        users: [user({ name: 'ci', keys: [{}], groups: ['automation'], inlinePolicies: [officeS3Read] })],
        groups: [group('automation', { attachedPolicies: [{ name: 'vpc-admin', arn: 'arn:aws:iam::111111111111:policy/vpc-admin' }] })],
        policies: [managedPolicy('vpc-admin', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1234' } } }))],
      }),
      expect: [
        {
          resource: arnOfUser('ci'),
          evidence: {
            activeKeySlots: [1],
            restrictedBy: {
              rule: 'every-allow-conditioned',
              scope: 'identity-policies',
              allowStatements: [
                { source: 'user-inline', policy: 'office-s3', statementIndex: 0, sid: 'OfficeRead', conditions: [{ operator: 'IpAddress', key: 'aws:SourceIp', values: OFFICE }] },
                { source: 'group-managed', policy: 'automation/arn:aws:iam::111111111111:policy/vpc-admin', statementIndex: 0, sid: null, conditions: [{ operator: 'StringEquals', key: 'aws:SourceVpc', values: ['vpc-1234'] }] },
              ],
            },
          },
        },
      ],
    },
    {
      name: "every Allow of the permissions boundary is conditioned, so the user's unconditioned AdministratorAccess is capped",
      snapshot: account({
        users: [user({ name: 'ci', keys: [{}], permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary', attachedPolicies: [ref(adminAccess)] })],
        policies: [adminAccess, managedPolicy('boundary', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))],
      }),
      expect: [{ resource: arnOfUser('ci'), evidence: expect.objectContaining({ restrictedBy: expect.objectContaining({ rule: 'every-allow-conditioned', scope: 'permissions-boundary' }) }) }],
    },
  ],
  fail: [
    {
      name: 'the false pass of old: office-only s3:GetObject in a group, plus unconditioned AdministratorAccess attached',
      snapshot: account({
        users: [user({ name: 'ci', keys: [{}], groups: ['automation'], attachedPolicies: [ref(adminAccess)] })],
        groups: [group('automation', { inlinePolicies: [officeS3Read] })],
        policies: [adminAccess],
      }),
      expect: [
        {
          resource: arnOfUser('ci'),
          message: expect.stringContaining(adminAccess.arn),
          evidence: {
            activeKeySlots: [1],
            unconditionedAllows: [{ source: 'user-managed', policy: adminAccess.arn, statementIndex: 0, sid: null, statement: { index: 0, effect: 'Allow', action: ['*'], resource: ['*'] } }],
            networkDenyNotCounted: [],
            policiesExamined: [adminAccess.arn, 'automation/office-s3'],
          },
        },
      ],
    },
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
      expect: [{ resource: arnOfUser('bob'), evidence: expect.objectContaining({ activeKeySlots: [1], policiesExamined: ['mfa', s3Read.arn] }) }],
    },
    {
      name: 'a Deny *from* the office (IpAddress) is the wrong direction and restricts nothing',
      snapshot: account({
        users: [user({ name: 'ci', keys: [{}], attachedPolicies: [ref(s3Read)], inlinePolicies: [{ name: 'wrong-way', document: doc({ Sid: 'FromOffice', Effect: 'Deny', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': OFFICE } } }) }] })],
        policies: [s3Read],
      }),
      expect: [
        {
          resource: arnOfUser('ci'),
          evidence: expect.objectContaining({
            networkDenyNotCounted: [{ source: 'user-inline', policy: 'wrong-way', statementIndex: 0, sid: 'FromOffice', reason: expect.stringContaining('outside the allowed networks') }],
          }),
        },
      ],
    },
    {
      name: 'a deny-outside-network that covers only s3:* does not bind the other permissions',
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], attachedPolicies: [ref(adminAccess)], inlinePolicies: [{ name: 's3-only', document: doc({ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': OFFICE } } }) }] })], policies: [adminAccess] }),
      expect: [{ resource: arnOfUser('ci') }],
    },
    {
      name: 'a deny-outside-network narrowed by another condition (here: only in eu-west-1) does not count',
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], attachedPolicies: [ref(adminAccess)], inlinePolicies: [{ name: 'regional', document: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': OFFICE }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }) }] })], policies: [adminAccess] }),
      expect: [{ resource: arnOfUser('ci') }],
    },
    {
      name: 'NotIpAddress 0.0.0.0/0 denies nothing; IpAddress ::/0 and IpAddressIfExists on an Allow allow from anywhere',
      snapshot: account({
        users: [
          user({ name: 'a', keys: [{}], attachedPolicies: [ref(s3Read)], inlinePolicies: [{ name: 'all', document: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } } }) }] }),
          user({ name: 'b', keys: [{}], inlinePolicies: [{ name: 'v6', document: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '::/0'] } } }) }] }),
          user({ name: 'c', keys: [{}], inlinePolicies: [{ name: 'ifexists', document: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddressIfExists: { 'aws:SourceIp': OFFICE } } }) }] }),
        ],
        policies: [s3Read],
      }),
      expect: [{ resource: arnOfUser('a') }, { resource: arnOfUser('b') }, { resource: arnOfUser('c') }],
    },
    {
      name: 'a user with an active key and no Allow statement at all is not vacuously restricted',
      snapshot: account({ users: [user({ name: 'ci', keys: [{}] })] }),
      expect: [{ resource: arnOfUser('ci'), evidence: expect.objectContaining({ unconditionedAllows: [], policiesExamined: [] }) }],
    },
  ],
  not_applicable: [{ name: 'no user has an active access key', snapshot: account({ users: [user({ name: 'human', password: true })] }) }],
  error: [
    { name: 'authorization details unreadable', snapshot: account({ authorizationDetails: denied('iam:GetAccountAuthorizationDetails') }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'credential report unreadable', snapshot: account({ credentialReport: denied('iam:GetCredentialReport') }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'every known Allow is conditioned but an attached policy document is unknown (it may grant unconditionally)',
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], inlinePolicies: [officeS3Read], attachedPolicies: [{ name: 'AmazonS3FullAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }] })] }),
      expect: [{ resource: arnOfUser('ci'), errorCode: 'PolicyDocumentMissing', message: expect.stringContaining('AmazonS3FullAccess') }],
    },
    {
      name: 'unconditioned AdministratorAccess, but the permissions boundary document is unknown (it may hold the Deny)',
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], attachedPolicies: [ref(adminAccess)], permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary' })], policies: [adminAccess] }),
      expect: [{ resource: arnOfUser('ci'), errorCode: 'PolicyDocumentMissing', message: expect.stringContaining('boundary') }],
    },
    {
      name: "user's group is missing from the snapshot",
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], groups: ['ghost'] })] }),
      expect: [{ resource: arnOfUser('ci'), errorCode: 'PolicyDocumentMissing' }],
    },
    {
      name: 'a malformed inline policy document',
      snapshot: account({ users: [user({ name: 'ci', keys: [{}], attachedPolicies: [ref(s3Read)], inlinePolicies: [{ name: 'broken', document: doc({ Effect: 'Maybe', Action: '*', Resource: '*' }) }] })], policies: [s3Read] }),
      expect: [{ resource: arnOfUser('ci'), errorCode: 'PolicyDocumentMalformed', message: expect.stringContaining('broken') }],
    },
  ],
})

describe('iam.key-source-restricted, per user', () => {
  it('judges each key holder on its own policies: one restricted, one not, one undecidable', () => {
    const findings = runCheck(
      check,
      account({
        users: [
          user({ name: 'good', keys: [{}], inlinePolicies: [{ name: 'office', document: denyOutsideOffice }] }),
          user({ name: 'bad', keys: [{}], attachedPolicies: [ref(adminAccess)] }),
          user({ name: 'unknown', keys: [{}], attachedPolicies: [{ name: 'gone', arn: 'arn:aws:iam::111111111111:policy/gone' }] }),
        ],
        policies: [adminAccess],
      }),
    )
    expect(findings.map((f) => [f.resource, f.status]).sort()).toEqual([
      [arnOfUser('bad'), 'fail'],
      [arnOfUser('good'), 'pass'],
      [arnOfUser('unknown'), 'error'],
    ])
  })
})

describe('iam.key-source-restricted messages', () => {
  const message = (snap: ReturnType<typeof account>) => {
    const findings = runCheck(check, snap)
    expect(findings).toHaveLength(1)
    return [findings[0]!.status, findings[0]!.message]
  }
  const officeOnly = (name: string, extra: Record<string, unknown> = {}) => ({ name, document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': OFFICE } }, ...extra }) })

  it('name the restricting Deny, the boundary, or the conditioned identity policies', () => {
    expect(message(account({ users: [user({ name: 'ci', keys: [{}], inlinePolicies: [{ name: 'net', document: denyOutsideOffice }] })] }))).toEqual([
      'pass',
      expect.stringMatching(/^ci's access is denied from outside the allowed networks by .*net.* \(statement 0\)$/),
    ])
    expect(
      message(
        account({
          users: [user({ name: 'ci', keys: [{}], permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary', attachedPolicies: [ref(adminAccess)] })],
          policies: [adminAccess, managedPolicy('boundary', officeOnly('b').document)],
        }),
      ),
    ).toEqual(['pass', "ci's permissions boundary allows requests only from the allowed networks"])
    expect(message(account({ users: [user({ name: 'ci', keys: [{}], inlinePolicies: [officeS3Read] })] }))).toEqual(['pass', "every Allow statement of ci's policies is conditioned on the network origin"])
  })

  it('a fail lists the unconditioned Allow statements by sid or index, or says there is no Allow at all', () => {
    const [status, text] = message(account({ users: [user({ name: 'ci', keys: [{}], inlinePolicies: [{ name: 'mixed', document: doc({ Sid: 'Open', Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }] })] }))
    expect(status).toBe('fail')
    expect(text).toMatch(/^ci has an active access key and 2 Allow statement\(s\) not bound to a source network \(.*mixed#Open, .*mixed#1\), and no Deny restricts it by network origin$/)
    expect(message(account({ users: [user({ name: 'ci', keys: [{}] })] }))).toEqual(['fail', 'ci has an active access key, no Allow statement conditioned on the source network and no Deny restricting it by network origin'])
  })

  it('an error says nothing was found and which policies could not be examined', () => {
    const [status, text] = message(account({ users: [user({ name: 'ci', keys: [{}], attachedPolicies: [{ name: 'gone', arn: 'arn:aws:iam::111111111111:policy/gone' }] })] }))
    expect(status).toBe('error')
    expect(text).toMatch(/^ci: no network restriction found, but some policies could not be examined \(.*gone.*\)$/)
    const [, withOpen] = message(account({ users: [user({ name: 'ci', keys: [{}], inlinePolicies: [{ name: 'open', document: doc({ Sid: 'S', Effect: 'Allow', Action: 's3:*', Resource: '*' }) }], attachedPolicies: [{ name: 'gone', arn: 'arn:aws:iam::111111111111:policy/gone' }] })] }))
    expect(withOpen).toMatch(/^ci: no network restriction found \(unconditioned Allow: .*open#S\), but some policies could not be examined \(/)
  })

  it('a user with an active key missing from the authorization details is an error', () => {
    const findings = runCheck(check, account({ users: [user({ name: 'ci', keys: [{}] })], authorizationDetails: { kind: 'ok', value: { users: [], groups: [], roles: [], policies: [] } } }))
    expect(findings.map((f) => [f.status, f.errorCode, f.message])).toEqual([['error', 'UserNotInSnapshot', 'ci has an active access key but is not in the authorization details']])
  })
})

describe('iam.key-source-restricted: which conditions bind a request to its network', () => {
  const withInline = (...Statement: Record<string, unknown>[]) => account({ users: [user({ name: 'ci', keys: [{}], inlinePolicies: [{ name: 'p', document: doc(...Statement) }] })] })
  const verdict = (...Statement: Record<string, unknown>[]) => runCheck(check, withInline(...Statement)).map((f) => f.status)
  const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' }
  const denyAll = (Condition: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action: '*', Resource: '*', Condition, ...extra })

  it('Deny side: NotIpAddress and NotIpAddressIfExists on aws:SourceIp count, unless a range is the whole internet (even padded)', () => {
    expect(verdict(allowAll, denyAll({ NotIpAddressIfExists: { 'aws:SourceIp': OFFICE } }))).toEqual(['pass'])
    expect(verdict(allowAll, denyAll({ NotIpAddress: { 'aws:SourceIp': [...OFFICE, '0.0.0.0/0'] } }))).toEqual(['fail'])
    expect(verdict(allowAll, denyAll({ NotIpAddress: { 'aws:SourceIp': [' 0.0.0.0/0 '] } }))).toEqual(['fail'])
    expect(verdict(allowAll, denyAll({ IpAddress: { 'aws:SourceIp': OFFICE } }))).toEqual(['fail'])
  })

  it('Deny side: only StringNotEquals[IfExists] on a VPC key counts; the same operator on another key does not', () => {
    expect(verdict(allowAll, denyAll({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }))).toEqual(['fail'])
    expect(verdict(allowAll, denyAll({ StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } }))).toEqual(['fail'])
  })

  it('Allow side: only IpAddress on aws:SourceIp or StringEquals on a VPC key conditions an Allow', () => {
    expect(verdict({ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })).toEqual(['pass'])
    expect(verdict({ ...allowAll, Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })).toEqual(['fail'])
    expect(verdict({ ...allowAll, Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } } })).toEqual(['fail'])
  })

  it('the only companion a restricting Deny may have is Bool aws:ViaAWSService = false (any case)', () => {
    const net = { NotIpAddress: { 'aws:SourceIp': OFFICE } }
    expect(verdict(allowAll, denyAll({ ...net, Bool: { 'aws:ViaAWSService': 'FALSE' } }))).toEqual(['pass'])
    expect(verdict(allowAll, denyAll({ ...net, Bool: { 'aws:ViaAWSService': 'true' } }))).toEqual(['fail'])
    expect(verdict(allowAll, denyAll({ ...net, Bool: { 'aws:ViaAWSService': ['false', 'true'] } }))).toEqual(['fail'])
    expect(verdict(allowAll, denyAll({ ...net, Bool: { 'aws:SecureTransport': 'false' } }))).toEqual(['fail'])
    expect(verdict(allowAll, denyAll({ ...net, StringEquals: { 'aws:ViaAWSService': 'false' } }))).toEqual(['fail'])
  })

  it('a Deny needs "*" among its actions and resources; why a network Deny was not counted is in the evidence', () => {
    const net = { NotIpAddress: { 'aws:SourceIp': OFFICE } }
    expect(verdict(allowAll, { Effect: 'Deny', Action: ['s3:GetObject', '*'], Resource: ['arn:aws:s3:::b', '*'], Condition: net })).toEqual(['pass'])
    const findings = runCheck(
      check,
      withInline(
        allowAll,
        { Sid: 'NotAct', Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: net },
        { Sid: 'OneBucket', Effect: 'Deny', Action: '*', Resource: 'arn:aws:s3:::b', Condition: net },
        { Sid: 'NotRes', Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::b', Condition: net },
        { Sid: 'Narrowed', Effect: 'Deny', Action: '*', Resource: '*', Condition: { ...net, StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 'aws:PrincipalTag/team': 'x' } } },
        { Sid: 'NoNetwork', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
      ),
    )
    expect(findings.map((f) => f.status)).toEqual(['fail'])
    const notCounted = (findings[0]!.evidence as { networkDenyNotCounted: { sid: string; reason: string }[] }).networkDenyNotCounted
    expect(notCounted.map((d) => [d.sid, d.reason])).toEqual([
      ['NotAct', 'does not deny every action (Action "*")'],
      ['OneBucket', 'does not cover every resource (Resource "*")'],
      ['NotRes', 'does not cover every resource (Resource "*")'],
      ['Narrowed', 'has other conditions that narrow the Deny: StringEquals aws:RequestedRegion, StringEquals aws:PrincipalTag/team'],
    ])
  })

  it('the evidence of a conditioned Allow lists only its network conditions', () => {
    const findings = runCheck(check, withInline({ Sid: 'Office', ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': OFFICE }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }))
    expect(findings[0]!.evidence).toMatchObject({
      restrictedBy: { rule: 'every-allow-conditioned', scope: 'identity-policies', allowStatements: [expect.objectContaining({ sid: 'Office', conditions: [{ operator: 'IpAddress', key: 'aws:SourceIp', values: OFFICE }] })] },
    })
  })

  it('conditioned identity policies decide even when the permissions boundary document is missing', () => {
    const snap = account({ users: [user({ name: 'ci', keys: [{}], inlinePolicies: [officeS3Read], permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/gone-boundary' })] })
    expect(runCheck(check, snap).map((f) => f.status)).toEqual(['pass'])
  })

  it('an error lists every unconditioned Allow and every policy that could not be examined', () => {
    const snap = account({
      users: [
        user({
          name: 'ci',
          keys: [{}],
          inlinePolicies: [{ name: 'open', document: doc({ Sid: 'A', ...allowAll }, { Sid: 'B', Effect: 'Allow', Action: 's3:*', Resource: '*' }) }],
          attachedPolicies: [{ name: 'gone', arn: 'arn:aws:iam::111111111111:policy/gone' }, { name: 'gone2', arn: 'arn:aws:iam::111111111111:policy/gone2' }],
        }),
      ],
    })
    const [f] = runCheck(check, snap)
    expect(f!.message).toMatch(/^ci: no network restriction found \(unconditioned Allow: \S*open#A, \S*open#B\), but some policies could not be examined \([^;]*gone[^;]*; [^;]*gone2[^;]*\)$/)
  })
})
