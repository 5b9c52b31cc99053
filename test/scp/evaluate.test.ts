import { describe, expect, it } from 'vitest'
import { memberContext, scpChainOf } from '../../src/scp/chain.js'
import { evaluateScpChain, explainDecision, isNarrowPrincipalPattern, type ScpDecision } from '../../src/scp/evaluate.js'
import { denyStatement, organizationSlice, policyDocument, ROOT_ID, type OrgSpec } from '../support/org-builders.js'
import { unreadable } from '../support/builders.js'

const MEMBER = '222222222222'
const BREAK_GLASS = `arn:aws:iam::${MEMBER}:role/BreakGlass`
const OTHER_ROLE = `arn:aws:iam::${MEMBER}:role/Developer`

// Root → Workloads → Prod → MEMBER: deep enough that "intermediate OU" means something.
const TREE: Pick<OrgSpec, 'ous' | 'accounts'> = {
  ous: [
    { id: 'ou-work', name: 'Workloads' },
    { id: 'ou-prod', name: 'Prod', parent: 'ou-work' },
  ],
  accounts: [{ id: MEMBER, name: 'shop-prod', parent: 'ou-prod' }],
}

function decide(spec: OrgSpec, action: string, principalArn?: string): ScpDecision {
  const chain = scpChainOf(organizationSlice({ ...TREE, ...spec }), MEMBER)
  if (chain.kind !== 'ok') throw new Error(`chain not ok: ${JSON.stringify(chain)}`)
  return evaluateScpChain(chain.levels, { action, context: memberContext(MEMBER, 'o-exampleorg1', principalArn) })
}

interface Row {
  name: string
  spec: OrgSpec
  action: string
  principal?: string
  expect: Record<string, unknown>
  /** The deny holds for this principal without exemptions. */
  definite?: true
}

const denyAt = (target: string, doc: Record<string, unknown>, id = 'p-guard') => ({ scps: [{ id, name: 'guardrails', document: doc, targets: [target] }] })

const rows: Row[] = [
  { name: 'FullAWSAccess only: allowed', spec: {}, action: 'cloudtrail:StopLogging', expect: { decision: 'allowed' } },
  {
    name: 'explicit deny at the root',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:StopLogging'))),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'denied', by: expect.objectContaining({ policyId: 'p-guard', level: { kind: 'root', id: ROOT_ID, name: 'Root' } }) },
  },
  {
    name: 'deny at an intermediate OU',
    spec: denyAt('ou-work', policyDocument(denyStatement('cloudtrail:StopLogging'))),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'denied', by: expect.objectContaining({ level: { kind: 'ou', id: 'ou-work', name: 'Workloads' } }) },
  },
  {
    name: 'deny at the account',
    spec: denyAt(MEMBER, policyDocument(denyStatement('cloudtrail:StopLogging'))),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'denied', by: expect.objectContaining({ level: { kind: 'account', id: MEMBER, name: 'shop-prod' } }) },
  },
  {
    name: 'a deny in another branch of the tree does not apply',
    spec: { ous: [...TREE.ous!, { id: 'ou-sandbox', name: 'Sandbox' }], scps: [{ id: 'p-x', document: policyDocument(denyStatement('*')), targets: ['ou-sandbox'] }] },
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'allowed' },
  },
  {
    name: 'allow-list SCP at an OU that omits the service: implicitly denied there',
    spec: {
      withoutFullAwsAccess: ['ou-prod'],
      scps: [{ id: 'p-allowlist', name: 'allow-compute', document: policyDocument({ Effect: 'Allow', Action: ['ec2:*', 's3:*'], Resource: '*' }), targets: ['ou-prod'] }],
    },
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'implicitly-denied', level: { kind: 'ou', id: 'ou-prod', name: 'Prod' } },
  },
  {
    name: 'allow-list SCP at an OU that includes the service: allowed',
    spec: {
      withoutFullAwsAccess: ['ou-prod'],
      scps: [{ id: 'p-allowlist', document: policyDocument({ Effect: 'Allow', Action: ['ec2:*', 'cloudtrail:*'], Resource: '*' }), targets: ['ou-prod'] }],
    },
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'allowed' },
  },
  { name: 'wildcard service deny (cloudtrail:*)', spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:*'))), action: 'cloudtrail:DeleteTrail', expect: { decision: 'denied' } },
  { name: 'prefix deny (cloudtrail:Stop*) covers StopLogging', spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:Stop*'))), action: 'cloudtrail:StopLogging', expect: { decision: 'denied' } },
  { name: 'prefix deny (cloudtrail:Stop*) leaves DeleteTrail allowed', spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:Stop*'))), action: 'cloudtrail:DeleteTrail', expect: { decision: 'allowed' } },
  { name: 'action names are case-insensitive', spec: denyAt(ROOT_ID, policyDocument(denyStatement('CloudTrail:stoplogging'))), action: 'cloudtrail:StopLogging', expect: { decision: 'denied' } },
  {
    name: 'NotAction deny blocks everything not listed',
    spec: denyAt('ou-work', policyDocument({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' })),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'denied' },
  },
  {
    name: 'NotAction deny leaves the listed actions allowed',
    spec: denyAt('ou-work', policyDocument({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' })),
    action: 'iam:CreateUser',
    expect: { decision: 'allowed' },
  },
  {
    name: 'break-glass exemption: denied for everyone else (principal unknown)',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } } }))),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'denied', exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass'] },
  },
  {
    name: 'break-glass exemption: denied for another role',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } } }))),
    action: 'cloudtrail:StopLogging',
    principal: OTHER_ROLE,
    expect: { decision: 'denied' },
    definite: true,
  },
  {
    name: 'break-glass exemption: allowed for the break-glass role',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } } }))),
    action: 'cloudtrail:StopLogging',
    principal: BREAK_GLASS,
    expect: { decision: 'allowed' },
  },
  {
    name: 'an exemption of every role is no protection: reported as conditional',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::*:role/*'] } } }))),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'conditional', statements: [expect.objectContaining({ effect: 'Deny', undecided: [expect.stringContaining('arn:aws:iam::*:role/*')] })] },
  },
  {
    name: 'root-user deny: denied for the root user',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('*', { Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }))),
    action: 'ec2:RunInstances',
    principal: `arn:aws:iam::${MEMBER}:root`,
    expect: { decision: 'denied' },
  },
  {
    name: 'root-user deny: a role is not affected',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('*', { Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }))),
    action: 'ec2:RunInstances',
    principal: OTHER_ROLE,
    expect: { decision: 'allowed' },
  },
  {
    name: 'condition the scan cannot decide (region) is reported, not guessed',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:StopLogging', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }))),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'conditional', statements: [expect.objectContaining({ effect: 'Deny', policyId: 'p-guard', undecided: ['StringNotEquals aws:RequestedRegion ["eu-west-1"]'] })] },
  },
  {
    name: 'resource-scoped deny is conditional on the resource',
    spec: denyAt(ROOT_ID, policyDocument({ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: 'arn:aws:cloudtrail:*:*:trail/org-trail' })),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'conditional', statements: [expect.objectContaining({ undecided: ['Resource ["arn:aws:cloudtrail:*:*:trail/org-trail"]'] })] },
  },
  {
    name: 'conditions on the account and organization are decided',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:StopLogging', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } } }))),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'denied' },
  },
  {
    name: 'a deny whose decidable condition is false does not apply',
    spec: denyAt(ROOT_ID, policyDocument(denyStatement('cloudtrail:StopLogging', { Condition: { StringEquals: { 'aws:PrincipalAccount': '999999999999' } } }))),
    action: 'cloudtrail:StopLogging',
    expect: { decision: 'allowed' },
  },
  {
    name: 'Deny beats Allow in the same policy',
    spec: denyAt(MEMBER, policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }, denyStatement('organizations:LeaveOrganization'))),
    action: 'organizations:LeaveOrganization',
    expect: { decision: 'denied', by: expect.objectContaining({ statementIndex: 1 }) },
  },
]

describe('evaluateScpChain', () => {
  for (const row of rows) {
    it(row.name, () => {
      const d = decide(row.spec, row.action, row.principal)
      expect(d).toMatchObject(row.expect)
      if (row.definite) expect(d).not.toHaveProperty('exemptPrincipals')
      // Every verdict explains itself in one sentence naming the action.
      expect(explainDecision(row.action, d)).toContain(row.action)
    })
  }

  it('names the policy and level in the explanation', () => {
    const d = decide(denyAt('ou-work', policyDocument({ Sid: 'ProtectTrail', ...denyStatement('cloudtrail:StopLogging') })), 'cloudtrail:StopLogging')
    expect(explainDecision('cloudtrail:StopLogging', d)).toBe('cloudtrail:StopLogging is denied by SCP guardrails (p-guard) statement ProtectTrail at OU Workloads (ou-work)')
  })
})

describe('isNarrowPrincipalPattern', () => {
  it.each([
    ['arn:aws:iam::*:role/BreakGlass', true],
    ['arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_Admin*', true],
    ['arn:aws:iam::123456789012:root', true],
    ['arn:aws:iam::*:role/*', false],
    ['arn:aws:iam::*:*', false],
    ['arn:aws:iam::*:role/', false],
    ['*', false],
  ])('%s → %s', (pattern, narrow) => expect(isNarrowPrincipalPattern(pattern)).toBe(narrow))
})

describe('scpChainOf', () => {
  it('orders levels root → OUs → account with their attached policies', () => {
    const chain = scpChainOf(organizationSlice({ ...TREE, ...denyAt('ou-prod', policyDocument(denyStatement('*'))) }), MEMBER)
    expect(chain.kind).toBe('ok')
    if (chain.kind !== 'ok') return
    expect(chain.levels.map((l) => [l.kind, l.id, l.policies.map((p) => p.id)])).toEqual([
      ['root', ROOT_ID, ['p-FullAWSAccess']],
      ['ou', 'ou-work', ['p-FullAWSAccess']],
      ['ou', 'ou-prod', ['p-FullAWSAccess', 'p-guard']],
      ['account', MEMBER, ['p-FullAWSAccess']],
    ])
  })

  it('the management account is not subject to SCPs', () => {
    expect(scpChainOf(organizationSlice(TREE), '000000000000').kind).toBe('management')
  })

  it('consolidated billing: SCPs do not apply', () => {
    expect(scpChainOf(organizationSlice({ ...TREE, featureSet: 'CONSOLIDATED_BILLING' }), MEMBER)).toMatchObject({ kind: 'scps-disabled' })
  })

  it('SCP policy type disabled on the root: SCPs do not apply', () => {
    expect(scpChainOf(organizationSlice({ ...TREE, scpEnabled: false }), MEMBER)).toMatchObject({ kind: 'scps-disabled' })
  })

  it('unreadable targets of any policy make the chain unknown with the AWS code', () => {
    const slice = organizationSlice({ ...TREE, scps: [{ id: 'p-x', targets: unreadable({ code: 'AccessDeniedException', message: 'no', operation: 'organizations:ListTargetsForPolicy' }) }] })
    expect(scpChainOf(slice, MEMBER)).toMatchObject({ kind: 'unknown', code: 'AccessDeniedException' })
  })

  it('unparseable content of an attached policy makes the chain unknown (never "no statements")', () => {
    const slice = organizationSlice({ ...TREE, scps: [{ id: 'p-bad', targets: [ROOT_ID], content: { kind: 'ok', value: { kind: 'unparseable', problem: 'not JSON', excerpt: '{oops' } } }] })
    expect(scpChainOf(slice, MEMBER)).toMatchObject({ kind: 'unknown', code: 'ScpUnparseable' })
  })

  it('a document with a malformed statement makes the chain unknown', () => {
    const slice = organizationSlice({ ...TREE, scps: [{ id: 'p-bad', targets: [ROOT_ID], document: { Statement: [{ Effect: 'Maybe', Action: '*' }] } }] })
    expect(scpChainOf(slice, MEMBER)).toMatchObject({ kind: 'unknown', code: 'ScpUnparseable' })
  })

  it('an unreadable OU tree makes the chain unknown', () => {
    const slice = organizationSlice({ ...TREE, override: { organizationalUnits: unreadable({ code: 'TooManyRequestsException', message: 'slow down', operation: 'organizations:ListOrganizationalUnitsForParent' }) } })
    expect(scpChainOf(slice, MEMBER)).toMatchObject({ kind: 'unknown', code: 'TooManyRequestsException' })
  })

  it('an account that is not in the organization is unknown', () => {
    expect(scpChainOf(organizationSlice(TREE), '999999999999')).toMatchObject({ kind: 'unknown', code: 'AccountNotInOrganization' })
  })
})
