// SCP chain evaluation beyond the table in evaluate.test.ts: resource scoping (Resource and
// NotResource against a known or unknown resource), conditional Allows, which conditions count as a
// principal exemption, actions AWS never authorizes, and the exact wording of every explanation.
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../src/policy/document.js'
import { evaluateScpChain, explainDecision, isDenied, isNarrowPrincipalPattern, type ScpDecision, type ScpLevel, type ScpQuery } from '../../src/scp/evaluate.js'

const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' }
const MEMBER = '222222222222'

function policy(id: string, ...statements: Record<string, unknown>[]) {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements })
  if (!parsed.ok) throw new Error(parsed.problem)
  return { id, name: id === 'p-full' ? 'FullAWSAccess' : id, statements: parsed.statements }
}

const FULL = policy('p-full', ALLOW_ALL)

/** Root → OU Prod → account shop, FullAWSAccess everywhere unless a level's policies are given. */
function chain(over: { root?: ReturnType<typeof policy>[]; ou?: ReturnType<typeof policy>[]; account?: ReturnType<typeof policy>[]; accountName?: string } = {}): ScpLevel[] {
  return [
    { kind: 'root', id: 'r-ab12', name: 'Root', policies: over.root ?? [FULL] },
    { kind: 'ou', id: 'ou-prod', name: 'Prod', policies: over.ou ?? [FULL] },
    { kind: 'account', id: MEMBER, name: over.accountName ?? 'shop', policies: over.account ?? [FULL] },
  ]
}

/** FullAWSAccess plus the given statements at the root. */
const rootWith = (...statements: Record<string, unknown>[]) => chain({ root: [FULL, policy('p-guard', ...statements)] })
const decide = (levels: ScpLevel[], query: ScpQuery): ScpDecision => evaluateScpChain(levels, query)

describe('Resource against a known resource', () => {
  const deny = { Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: ['arn:aws:cloudtrail:*:*:trail/org-trail', 'arn:aws:cloudtrail:*:*:trail/audit-*'] }
  it('denies when one of the patterns matches the resource', () => {
    expect(decide(rootWith(deny), { action: 'cloudtrail:StopLogging', resource: 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/audit-2' })).toMatchObject({ decision: 'denied' })
  })
  it('does not apply to a resource no pattern matches', () => {
    expect(decide(rootWith(deny), { action: 'cloudtrail:StopLogging', resource: 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/app' })).toMatchObject({ decision: 'allowed' })
  })
  it('a statement without Resource applies to every resource', () => {
    expect(decide(rootWith({ Effect: 'Deny', Action: 'cloudtrail:StopLogging' }), { action: 'cloudtrail:StopLogging', resource: 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/app' })).toMatchObject({
      decision: 'denied',
    })
  })
  it('a Deny on "*" next to a narrower pattern covers any resource even when the resource is unknown', () => {
    expect(decide(rootWith({ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: ['arn:aws:cloudtrail:*:*:trail/x', '*'] }), { action: 'cloudtrail:StopLogging' })).toMatchObject({
      decision: 'denied',
    })
  })
})

describe('NotResource', () => {
  const deny = { Effect: 'Deny', Action: 'iam:CreateUser', NotResource: ['arn:aws:iam::*:user/admin-*', 'arn:aws:iam::*:user/ops/*'] }
  it('with a known resource that NotResource lists: the Deny does not apply', () => {
    expect(decide(rootWith(deny), { action: 'iam:CreateUser', resource: `arn:aws:iam::${MEMBER}:user/admin-bob` })).toMatchObject({ decision: 'allowed' })
  })
  it('with a known resource outside NotResource: denied', () => {
    expect(decide(rootWith(deny), { action: 'iam:CreateUser', resource: `arn:aws:iam::${MEMBER}:user/bob` })).toMatchObject({ decision: 'denied' })
  })
  it('with an unknown resource: conditional, naming the NotResource scope', () => {
    expect(decide(rootWith(deny), { action: 'iam:CreateUser' })).toEqual({
      decision: 'conditional',
      statements: [expect.objectContaining({ effect: 'Deny', policyId: 'p-guard', undecided: ['NotResource ["arn:aws:iam::*:user/admin-*","arn:aws:iam::*:user/ops/*"]'] })],
    })
  })
  it('NotResource "*" (with any other pattern) excludes every resource: the Deny never applies', () => {
    expect(decide(rootWith({ Effect: 'Deny', Action: 'iam:CreateUser', NotResource: ['arn:aws:iam::*:user/x', '*'] }), { action: 'iam:CreateUser' })).toMatchObject({ decision: 'allowed' })
  })
})

describe('conditional Allows', () => {
  const regionAllow = policy('p-region', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })
  it('an OU whose only Allow has an undecidable condition makes the verdict conditional, not allowed and not implicitly denied', () => {
    const d = decide(chain({ ou: [regionAllow] }), { action: 'ec2:RunInstances' })
    expect(d).toEqual({ decision: 'conditional', statements: [expect.objectContaining({ effect: 'Allow', policyId: 'p-region', undecided: ['StringEquals aws:RequestedRegion ["eu-west-1"]'] })] })
    expect(isDenied(d)).toBe(false)
  })
  it('a definite Allow at the same level wins over the conditional one', () => {
    expect(decide(chain({ ou: [regionAllow, FULL] }), { action: 'ec2:RunInstances' })).toMatchObject({ decision: 'allowed' })
  })
  it('a level without any attached SCP implicitly denies everything', () => {
    expect(decide(chain({ account: [] }), { action: 'ec2:RunInstances' })).toEqual({ decision: 'implicitly-denied', level: { kind: 'account', id: MEMBER, name: 'shop' } })
  })
})

describe('which undecided Denies count as "denied except named principals"', () => {
  const exempt = { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } }
  it('an exemption plus a resource scope stays conditional', () => {
    const d = decide(rootWith({ Effect: 'Deny', Action: 'cloudtrail:*', Resource: 'arn:aws:cloudtrail:*:*:trail/org', Condition: exempt }), { action: 'cloudtrail:StopLogging' })
    expect(d.decision).toBe('conditional')
  })
  it('an exemption plus a condition on another key stays conditional', () => {
    const d = decide(rootWith({ Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*', Condition: { ...exempt, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }), { action: 'cloudtrail:StopLogging' })
    expect(d.decision).toBe('conditional')
  })
  it('an exemption plus a condition on the source ARN stays conditional', () => {
    const d = decide(rootWith({ Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*', Condition: { ...exempt, ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*:role/Pipeline' } } }), { action: 'cloudtrail:StopLogging' })
    expect(d.decision).toBe('conditional')
  })
  it('a Deny that targets some principals (ArnLike) is conditional, not an exemption', () => {
    const d = decide(rootWith({ Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } } }), { action: 'cloudtrail:StopLogging' })
    expect(d.decision).toBe('conditional')
  })
  it('a negated condition on a key other than the principal is not an exemption', () => {
    const d = decide(rootWith({ Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*', Condition: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:iam::*:role/BreakGlass' } } }), { action: 'cloudtrail:StopLogging' })
    expect(d.decision).toBe('conditional')
  })
  it('an operator the evaluator does not model on the principal is conditional', () => {
    const d = decide(rootWith({ Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*', Condition: { NumericNotEquals: { 'aws:PrincipalArn': '1' } } }), { action: 'cloudtrail:StopLogging' })
    expect(d.decision).toBe('conditional')
  })
})

describe('actions AWS never authorizes', () => {
  it('sts:GetCallerIdentity is allowed even under a Deny of everything (any spelling)', () => {
    for (const action of ['sts:GetCallerIdentity', 'STS:getcalleridentity']) {
      const d = decide(rootWith({ Effect: 'Deny', Action: '*', Resource: '*' }), { action })
      expect(d).toEqual({ decision: 'allowed', allowedBy: [] })
      expect(explainDecision(action, d)).toBe(`${action} is allowed: AWS does not authorize it, so no SCP can deny it`)
    }
  })
  it('other sts actions are evaluated normally', () => {
    expect(decide(rootWith({ Effect: 'Deny', Action: '*', Resource: '*' }), { action: 'sts:AssumeRole' }).decision).toBe('denied')
  })
})

describe('explainDecision wording', () => {
  it('implicit deny at the root', () => {
    const d = decide(chain({ root: [] }), { action: 'ec2:RunInstances' })
    expect(explainDecision('ec2:RunInstances', d)).toBe('ec2:RunInstances is implicitly denied: no SCP attached at the root (r-ab12) allows it')
  })
  it('implicit deny at the account, with and without an account name', () => {
    expect(explainDecision('ec2:RunInstances', decide(chain({ account: [] }), { action: 'ec2:RunInstances' }))).toBe('ec2:RunInstances is implicitly denied: no SCP attached at the account shop (222222222222) allows it')
    expect(explainDecision('ec2:RunInstances', decide(chain({ account: [], accountName: '' }), { action: 'ec2:RunInstances' }))).toBe(
      'ec2:RunInstances is implicitly denied: no SCP attached at the account (222222222222) allows it',
    )
  })
  it('a statement without Sid is named by its position', () => {
    const d = decide(rootWith(ALLOW_ALL, { Effect: 'Deny', Action: 'ec2:*', Resource: '*' }), { action: 'ec2:RunInstances' })
    expect(explainDecision('ec2:RunInstances', d)).toBe('ec2:RunInstances is denied by SCP p-guard (p-guard) statement #1 at the root (r-ab12)')
  })
  it('several exempt principals', () => {
    const d = decide(rootWith({ Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/A', 'arn:aws:iam::*:role/B'] } } }), { action: 'ec2:RunInstances' })
    expect(explainDecision('ec2:RunInstances', d)).toBe(
      'ec2:RunInstances is denied by SCP p-guard (p-guard) statement #0 at the root (r-ab12) for every principal except arn:aws:iam::*:role/A, arn:aws:iam::*:role/B',
    )
  })
  it('conditional: every undecided part and every statement', () => {
    const d = decide(
      rootWith(
        { Sid: 'One', Effect: 'Deny', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
        { Sid: 'Two', Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ),
      { action: 'ec2:RunInstances' },
    )
    expect(explainDecision('ec2:RunInstances', d)).toBe(
      'ec2:RunInstances is not denied in every case: it depends on conditions the scan cannot decide: ' +
        'Deny in SCP p-guard (p-guard) statement One at the root (r-ab12) when StringEquals aws:RequestedRegion ["eu-west-1"] and Resource ["arn:aws:ec2:*:*:instance/*"]; ' +
        'Deny in SCP p-guard (p-guard) statement Two at the root (r-ab12) when Bool aws:MultiFactorAuthPresent ["false"]',
    )
  })
  it('allowed: names the Allow of every level', () => {
    const d = decide(chain(), { action: 'ec2:RunInstances' })
    expect(explainDecision('ec2:RunInstances', d)).toBe(
      'ec2:RunInstances is allowed: no SCP denies it, and every level allows it (FullAWSAccess at the root (r-ab12), FullAWSAccess at OU Prod (ou-prod), FullAWSAccess at the account shop (222222222222))',
    )
  })
})

describe('isDenied', () => {
  it.each([
    [{ decision: 'denied', by: {} }, true],
    [{ decision: 'implicitly-denied', level: {} }, true],
    [{ decision: 'conditional', statements: [] }, false],
    [{ decision: 'allowed', allowedBy: [] }, false],
  ])('%j → %s', (d, expected) => expect(isDenied(d as unknown as ScpDecision)).toBe(expected))
})

describe('isNarrowPrincipalPattern: wildcards that span a whole class of principals', () => {
  it.each([
    ['arn:aws:iam::*:*/BreakGlass', false],
    ['arn:aws:iam::*:x/*', false],
    ['arn:aws:iam::*:x/Admin', true],
  ])('%s → %s', (pattern, narrow) => expect(isNarrowPrincipalPattern(pattern)).toBe(narrow))
})
