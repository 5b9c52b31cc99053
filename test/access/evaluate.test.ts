import { describe, expect, it } from 'vitest'
import { evaluateAssumeRole, evaluateRequest } from '../../src/access/evaluate.js'
import { parseTrustPolicy, principalMatches, type PrincipalElement } from '../../src/access/trust.js'
import type { Decision, Facts, IdentitySide, ParsedPolicy, PolicyKind, StatementCite } from '../../src/access/types.js'
import { parsePolicy } from '../../src/policy/document.js'
import { scpChainOf, type ChainResult } from '../../src/scp/chain.js'
import { evaluateConditionEntry, normaliseContext, type KnownContext, type Tri } from '../../src/scp/condition.js'
import { denyStatement, organizationSlice, policyDocument, ROOT_ID } from '../support/org-builders.js'

const A = '111111111111'
const B = '222222222222'
const ALICE = `arn:aws:iam::${A}:user/alice`
const DEV = `arn:aws:iam::${A}:role/dev`
const INSTANCE = `arn:aws:ec2:eu-west-1:${A}:instance/i-0abc`
const OTHER_INSTANCE = `arn:aws:ec2:eu-west-1:${A}:instance/i-0def`
const TARGET_A = `arn:aws:iam::${A}:role/Target`
const TARGET_B = `arn:aws:iam::${B}:role/Target`

const NO_SCP: ChainResult = { kind: 'scps-disabled', reason: 'consolidated billing' }
const TAG_FAMILIES = ['aws:ResourceTag/', 'ssm:resourceTag/', 'ec2:ResourceTag/']

function policy(name: string, kind: PolicyKind, ...statements: Record<string, unknown>[]): ParsedPolicy {
  const parsed = parsePolicy(policyDocument(...statements))
  if (!parsed.ok) throw new Error(parsed.problem)
  return { label: { account: A, kind, name }, statements: parsed.statements }
}
const identity = (...statements: Record<string, unknown>[]) => policy('ops', 'identity', ...statements)
const boundary = (...statements: Record<string, unknown>[]) => policy('limits', 'permissions-boundary', ...statements)

/** An SCP chain root → account with FullAWSAccess everywhere, plus `extra` SCPs attached to the root. */
function scpChain(...extra: { id: string; statements: Record<string, unknown>[]; replacesFullAccess?: true }[]): ChainResult {
  const chain = scpChainOf(
    organizationSlice({
      accounts: [{ id: A, name: 'identity' }],
      scps: extra.map((e) => ({ id: e.id, name: e.id, document: policyDocument(...e.statements), targets: [ROOT_ID] })),
      withoutFullAwsAccess: extra.some((e) => e.replacesFullAccess) ? [ROOT_ID] : [],
    }),
    A,
  )
  if (chain.kind !== 'ok') throw new Error(`chain not ok: ${JSON.stringify(chain)}`)
  return chain
}

function side(spec: Partial<IdentitySide> & { policies: ParsedPolicy[] }): IdentitySide {
  return { arn: ALICE, accountId: A, unreadable: [], scp: NO_SCP, ...spec }
}

/** Facts of a request on an instance with these tags (all known), by a principal with these tags (all known). */
function onInstance(tags: Record<string, string>, principalTags: Record<string, string> = {}, extra: Record<string, string> = {}): Facts {
  const values: Record<string, string> = { 'aws:username': 'alice', ...extra }
  for (const family of TAG_FAMILIES) for (const [k, v] of Object.entries(tags)) values[`${family}${k}`] = v
  for (const [k, v] of Object.entries(principalTags)) values[`aws:PrincipalTag/${k}`] = v
  return { values, complete: [...TAG_FAMILIES, 'aws:PrincipalTag/'] }
}

const key = (c: StatementCite) => `${c.policy.kind}:${c.policy.name}#${c.sid ?? c.statement}`

interface Expected {
  verdict: Decision['verdict']
  allowedBy?: string[]
  deniedBy?: string
  /** Substrings: each must occur in some condition (and there are exactly this many). */
  conditions?: string[]
  reason?: RegExp
}

function check(d: Decision, e: Expected): void {
  expect(d.verdict, d.reason).toBe(e.verdict)
  expect(d.allowedBy.map(key)).toEqual(e.allowedBy ?? [])
  expect(d.deniedBy ? key(d.deniedBy) : undefined).toBe(e.deniedBy)
  expect(d.conditions).toHaveLength(e.conditions?.length ?? 0)
  for (const c of e.conditions ?? []) expect(d.conditions.some((x) => x.includes(c)), `${c} in ${JSON.stringify(d.conditions)}`).toBe(true)
  if (e.reason) expect(d.reason).toMatch(e.reason)
  expect(d.reason.trim().endsWith('.')).toBe(true)
}

const allowSsm = (sid: string, extra: Record<string, unknown> = {}) => ({ Sid: sid, Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*', ...extra })
const tagIs = (k: string, v: string) => ({ Condition: { StringEquals: { [k]: v } } })

interface RequestRow {
  name: string
  principal: IdentitySide
  action?: string
  resource?: string
  facts: Facts
  expect: Expected
}

const requestRows: RequestRow[] = [
  { name: 'aws:ResourceTag/env = dev on a dev instance', principal: side({ policies: [identity(allowSsm('Dev', tagIs('aws:ResourceTag/env', 'dev')))] }), facts: onInstance({ env: 'dev' }), expect: { verdict: 'allowed', allowedBy: ['identity:ops#Dev'], reason: /is allowed ssm:StartSession on .*i-0abc by identity policy ops, statement Dev/ } },
  { name: 'aws:ResourceTag/env = dev on a prod instance', principal: side({ policies: [identity(allowSsm('Dev', tagIs('aws:ResourceTag/env', 'dev')))] }), facts: onInstance({ env: 'prod' }), expect: { verdict: 'denied', reason: /implicitly denied to .*alice: none of its identity policies allows it\./ } },
  { name: 'ssm:resourceTag form, tag key written in another case', principal: side({ policies: [identity(allowSsm('Dev', tagIs('ssm:ResourceTag/ENV', 'dev')))] }), facts: onInstance({ env: 'dev' }), expect: { verdict: 'allowed', allowedBy: ['identity:ops#Dev'] } },
  { name: 'tag values stay case-sensitive', principal: side({ policies: [identity(allowSsm('Dev', tagIs('aws:ResourceTag/env', 'Dev')))] }), facts: onInstance({ env: 'dev' }), expect: { verdict: 'denied' } },
  { name: 'missing tag, known absent: StringEquals is false', principal: side({ policies: [identity(allowSsm('Dev', tagIs('aws:ResourceTag/env', 'dev')))] }), facts: onInstance({ owner: 'x' }), expect: { verdict: 'denied' } },
  { name: 'missing tag, known absent: StringNotEquals is true', principal: side({ policies: [identity(allowSsm('NotProd', { Condition: { StringNotEquals: { 'aws:ResourceTag/env': 'prod' } } }))] }), facts: onInstance({}), expect: { verdict: 'allowed', allowedBy: ['identity:ops#NotProd'] } },
  { name: 'missing tag, known absent: Null true holds', principal: side({ policies: [identity(allowSsm('Untagged', { Condition: { Null: { 'ssm:resourceTag/env': 'true' } } }))] }), facts: onInstance({}), expect: { verdict: 'allowed', allowedBy: ['identity:ops#Untagged'] } },
  {
    name: 'tag not known at all: conditional, condition quoted',
    principal: side({ policies: [identity(allowSsm('Dev', tagIs('aws:ResourceTag/env', 'dev')))] }),
    facts: { values: {}, complete: [] },
    expect: { verdict: 'conditional', allowedBy: ['identity:ops#Dev'], conditions: ['StringEquals aws:ResourceTag/env ["dev"] (identity policy ops, statement Dev)'] },
  },
  { name: 'aws:PrincipalTag/team decided from the principal tags', principal: side({ policies: [identity(allowSsm('Ops', tagIs('aws:PrincipalTag/team', 'ops')))] }), facts: onInstance({}, { team: 'ops' }), expect: { verdict: 'allowed', allowedBy: ['identity:ops#Ops'] } },
  { name: '${aws:username} resolved from the facts: owner matches', principal: side({ policies: [identity(allowSsm('Own', tagIs('aws:ResourceTag/owner', '${aws:username}')))] }), facts: onInstance({ owner: 'alice' }), expect: { verdict: 'allowed', allowedBy: ['identity:ops#Own'] } },
  { name: '${aws:username} resolved from the facts: another owner', principal: side({ policies: [identity(allowSsm('Own', tagIs('aws:ResourceTag/owner', '${aws:username}')))] }), facts: onInstance({ owner: 'bob' }), expect: { verdict: 'denied' } },
  { name: 'wildcards in Action and Resource', principal: side({ policies: [identity({ Sid: 'Star', Effect: 'Allow', Action: 'ssm:Start*', Resource: 'arn:aws:ec2:*:*:instance/*' })] }), facts: onInstance({}), expect: { verdict: 'allowed', allowedBy: ['identity:ops#Star'] } },
  { name: 'a resource pattern of another account does not match', principal: side({ policies: [identity({ Effect: 'Allow', Action: 'ssm:StartSession', Resource: `arn:aws:ec2:*:${B}:instance/*` })] }), facts: onInstance({}), expect: { verdict: 'denied' } },
  { name: 'NotAction: Allow NotAction iam:* covers ssm:StartSession', principal: side({ policies: [identity({ Sid: 'NotIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] }), facts: onInstance({}), expect: { verdict: 'allowed', allowedBy: ['identity:ops#NotIam'] } },
  { name: 'NotAction: Allow NotAction iam:* does not cover iam:CreateUser', principal: side({ policies: [identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] }), action: 'iam:CreateUser', resource: '*', facts: onInstance({}), expect: { verdict: 'denied' } },
  { name: 'NotResource: another instance is covered', principal: side({ policies: [identity({ Sid: 'NotDef', Effect: 'Allow', Action: 'ssm:*', NotResource: OTHER_INSTANCE })] }), facts: onInstance({}), expect: { verdict: 'allowed', allowedBy: ['identity:ops#NotDef'] } },
  { name: 'NotResource: the excluded instance is not', principal: side({ policies: [identity({ Effect: 'Allow', Action: 'ssm:*', NotResource: 'arn:aws:ec2:*:*:instance/i-0abc' })] }), facts: onInstance({}), expect: { verdict: 'denied' } },
  {
    name: 'MFA condition: conditional, condition quoted',
    principal: side({ policies: [identity(allowSsm('RequireMfa', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] }),
    facts: onInstance({}),
    expect: { verdict: 'conditional', allowedBy: ['identity:ops#RequireMfa'], conditions: ['Bool aws:MultiFactorAuthPresent ["true"] (identity policy ops, statement RequireMfa)'], reason: /may be allowed .* depending on one condition/ },
  },
  {
    name: 'explicit deny beats allow',
    principal: side({ policies: [identity(allowSsm('All'), { Sid: 'DenyProd', Effect: 'Deny', Action: 'ssm:*', Resource: '*', ...tagIs('ssm:resourceTag/env', 'prod') })] }),
    facts: onInstance({ env: 'prod' }),
    expect: { verdict: 'denied', deniedBy: 'identity:ops#DenyProd', reason: /explicitly denied to .*alice by identity policy ops, statement DenyProd/ },
  },
  {
    name: 'a Deny on an undecidable condition makes the allow conditional, never allowed',
    principal: side({ policies: [identity(allowSsm('All'), { Sid: 'Office', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })] }),
    facts: onInstance({}),
    expect: { verdict: 'conditional', allowedBy: ['identity:ops#All'], conditions: ['NotIpAddress aws:SourceIp ["203.0.113.0/24"] (identity policy ops, statement Office)'] },
  },
  {
    name: 'a definite allow beside a conditional one: allowed, citing the definite one',
    principal: side({ policies: [identity(allowSsm('Mfa', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), allowSsm('Plain'))] }),
    facts: onInstance({}),
    expect: { verdict: 'allowed', allowedBy: ['identity:ops#Plain'] },
  },
  {
    name: 'Deny in the permissions boundary',
    principal: side({ policies: [identity(allowSsm('All'))], boundary: boundary({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoSsm', Effect: 'Deny', Action: 'ssm:StartSession', Resource: '*' }) }),
    facts: onInstance({}),
    expect: { verdict: 'denied', deniedBy: 'permissions-boundary:limits#NoSsm' },
  },
  {
    name: 'a boundary that does not allow the action',
    principal: side({ policies: [identity(allowSsm('All'))], boundary: boundary({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
    facts: onInstance({}),
    expect: { verdict: 'denied', reason: /its permissions boundary limits does not allow it/ },
  },
  {
    name: 'a boundary that allows: both cited',
    principal: side({ policies: [identity(allowSsm('All'))], boundary: boundary({ Sid: 'Ssm', Effect: 'Allow', Action: 'ssm:*', Resource: '*' }) }),
    facts: onInstance({}),
    expect: { verdict: 'allowed', allowedBy: ['identity:ops#All', 'permissions-boundary:limits#Ssm'] },
  },
  {
    name: 'a conditional allow does not survive a boundary that refuses',
    principal: side({ policies: [identity(allowSsm('Mfa', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))], boundary: boundary({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
    facts: onInstance({}),
    expect: { verdict: 'denied' },
  },
  {
    name: 'SCP Deny',
    principal: side({ policies: [identity(allowSsm('All'))], scp: scpChain({ id: 'p-guard', statements: [denyStatement('ssm:StartSession')] }) }),
    facts: onInstance({}),
    expect: { verdict: 'denied', deniedBy: 'scp:p-guard (p-guard) at the root (r-ab12)#0', reason: /explicitly denied .* by SCP p-guard \(p-guard\) at the root/ },
  },
  {
    name: 'SCP Deny on a resource tag, decided with the known tags',
    principal: side({ policies: [identity(allowSsm('All'))], scp: scpChain({ id: 'p-prod', statements: [denyStatement('ssm:*', { Sid: 'Prod', ...tagIs('aws:ResourceTag/env', 'prod') })] }) }),
    facts: onInstance({ env: 'prod' }),
    expect: { verdict: 'denied', deniedBy: 'scp:p-prod (p-prod) at the root (r-ab12)#Prod' },
  },
  {
    name: 'SCP Deny on a resource tag the instance does not have',
    principal: side({ policies: [identity(allowSsm('All'))], scp: scpChain({ id: 'p-prod', statements: [denyStatement('ssm:*', tagIs('aws:ResourceTag/env', 'prod'))] }) }),
    facts: onInstance({}),
    expect: { verdict: 'allowed', allowedBy: ['identity:ops#All'] },
  },
  {
    name: 'SCP allow-list without the action: implicitly denied at that level',
    principal: side({ policies: [identity(allowSsm('All'))], scp: scpChain({ id: 'p-list', statements: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }], replacesFullAccess: true }) }),
    facts: onInstance({}),
    expect: { verdict: 'denied', reason: /no SCP attached at the root \(r-ab12\) allows it/ },
  },
  {
    name: 'SCP chain unknown: conditional, saying the chain could not be read',
    principal: side({ policies: [identity(allowSsm('All'))], scp: { kind: 'unknown', code: 'AccessDenied', message: 'the SCP list could not be read' } }),
    facts: onInstance({}),
    expect: { verdict: 'conditional', allowedBy: ['identity:ops#All'], conditions: [`the SCP chain of account ${A} could not be read`] },
  },
  {
    name: 'SCP chain unknown does not turn an implicit deny into conditional',
    principal: side({ policies: [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], scp: { kind: 'unknown', code: 'AccessDenied', message: 'x' } }),
    facts: onInstance({}),
    expect: { verdict: 'denied' },
  },
  {
    name: 'the management account: SCPs do not restrict',
    principal: side({ policies: [identity(allowSsm('All'))], scp: { kind: 'management', account: { id: A, arn: 'x', name: 'mgmt', email: 'm@example.com', status: 'ACTIVE', parentId: ROOT_ID, tags: { kind: 'ok', value: {} } } } }),
    facts: onInstance({}),
    expect: { verdict: 'allowed', allowedBy: ['identity:ops#All'] },
  },
  {
    name: 'unreadable policy: an allow becomes conditional (it might deny)',
    principal: side({ policies: [identity(allowSsm('All'))], unreadable: ['user alice: policy Broken (AccessDenied)'] }),
    facts: onInstance({}),
    expect: { verdict: 'conditional', allowedBy: ['identity:ops#All'], conditions: ['user alice: policy Broken (AccessDenied) could not be read, so it might allow or deny this'] },
  },
  {
    name: 'unreadable policy and no readable allow: conditional (it might allow)',
    principal: side({ policies: [], unreadable: ['user alice: policy Broken (AccessDenied)'] }),
    facts: onInstance({}),
    expect: { verdict: 'conditional', conditions: ['user alice: policy Broken (AccessDenied) could not be read, so it might allow or deny this'] },
  },
  {
    name: 'unreadable policy does not soften an explicit deny',
    principal: side({ policies: [identity({ Sid: 'No', Effect: 'Deny', Action: '*', Resource: '*' })], unreadable: ['x'] }),
    facts: onInstance({}),
    expect: { verdict: 'denied', deniedBy: 'identity:ops#No' },
  },
]

describe('evaluateRequest', () => {
  it.each(requestRows)('$name', (row) => {
    check(evaluateRequest({ principal: row.principal, action: row.action ?? 'ssm:StartSession', resource: row.resource ?? INSTANCE, facts: row.facts }), row.expect)
  })
})

// ---- sts:AssumeRole ------------------------------------------------------------------------------

const trustDoc = (...statements: Record<string, unknown>[]) => parseTrustPolicy(policyDocument(...statements))
const trusts = (principal: unknown, extra: Record<string, unknown> = {}) => ({ Sid: 'Trust', Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra })
const allowAssume = { Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }
const callerFacts: Facts = { values: { 'aws:PrincipalOrgID': 'o-exampleorg1' }, complete: ['aws:PrincipalTag/', 'aws:ResourceTag/', 'iam:ResourceTag/'] }

interface AssumeRow {
  name: string
  principal: IdentitySide
  role: string
  trust: ReturnType<typeof parseTrustPolicy>
  facts?: Facts
  expect: Expected
}

const assumeRows: AssumeRow[] = [
  { name: 'same account, trust names the account root, identity allows', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_A, trust: trustDoc(trusts({ AWS: `arn:aws:iam::${A}:root` })), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust', 'identity:ops#Assume'] } },
  { name: 'same account, trust names the account id, identity silent', principal: side({ policies: [] }), role: TARGET_A, trust: trustDoc(trusts({ AWS: A })), expect: { verdict: 'denied', reason: /none of its identity policies allows it/ } },
  { name: 'same account, trust names the user: enough on its own', principal: side({ policies: [] }), role: TARGET_A, trust: trustDoc(trusts({ AWS: ALICE })), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust'], reason: /is allowed sts:AssumeRole of .*Target by trust policy of role Target, statement Trust/ } },
  {
    name: 'same account, trust names the user, an unreadable policy might still deny',
    principal: side({ policies: [], unreadable: ['user alice: policy Broken (AccessDenied)'] }),
    role: TARGET_A,
    trust: trustDoc(trusts({ AWS: ALICE })),
    expect: { verdict: 'conditional', allowedBy: ['trust:trust policy of role Target#Trust'], conditions: ['user alice: policy Broken (AccessDenied) could not be read, so it might allow or deny this'] },
  },
  { name: 'same account, trust names the role: enough on its own', principal: side({ arn: DEV, policies: [] }), role: TARGET_A, trust: trustDoc(trusts({ AWS: DEV })), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust'] } },
  { name: 'same account, trust names a role with another path', principal: side({ arn: `arn:aws:iam::${A}:role/team/dev`, policies: [] }), role: TARGET_A, trust: trustDoc(trusts({ AWS: DEV })), expect: { verdict: 'denied' } },
  { name: 'same account, role named, its boundary refuses', principal: side({ arn: DEV, policies: [identity(allowAssume)], boundary: boundary({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }) }), role: TARGET_A, trust: trustDoc(trusts({ AWS: DEV })), expect: { verdict: 'denied', reason: /permissions boundary limits does not allow it/ } },
  { name: 'same account, user named, its boundary refuses: the trust grants past it', principal: side({ policies: [], boundary: boundary({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }) }), role: TARGET_A, trust: trustDoc(trusts({ AWS: ALICE })), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust'] } },
  { name: 'cross-account, trust names the user, identity allows: both cited', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: ALICE })), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust', 'identity:ops#Assume'] } },
  { name: 'cross-account, trust names the user, identity silent', principal: side({ policies: [] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: ALICE })), expect: { verdict: 'denied', reason: /none of its identity policies allows it/ } },
  { name: 'cross-account, trust names the caller account root, identity allows', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: `arn:aws:iam::${A}:root` })), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust', 'identity:ops#Assume'] } },
  { name: 'cross-account, trust names the role account only', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: `arn:aws:iam::${B}:root` })), expect: { verdict: 'denied', reason: /is implicitly denied to .*alice: trust policy of role Target does not allow it\./ } },
  { name: 'cross-account, boundary refuses', principal: side({ policies: [identity(allowAssume)], boundary: boundary({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }) }), role: TARGET_B, trust: trustDoc(trusts({ AWS: ALICE })), expect: { verdict: 'denied' } },
  { name: 'a service principal does not name the caller', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_A, trust: trustDoc(trusts({ Service: 'ec2.amazonaws.com' })), expect: { verdict: 'denied' } },
  { name: 'same account, "*": the caller is named as everyone', principal: side({ policies: [] }), role: TARGET_A, trust: trustDoc(trusts('*')), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust'] } },
  { name: 'cross-account, {"AWS": "*"}: the identity allow is needed', principal: side({ policies: [] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: '*' })), expect: { verdict: 'denied' } },
  { name: 'trust Deny beats an exact allow', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_A, trust: trustDoc(trusts({ AWS: ALICE }), { Sid: 'NoAlice', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:*' }), expect: { verdict: 'denied', deniedBy: 'trust:trust policy of role Target#NoAlice' } },
  { name: 'identity Deny beats an exact trust allow', principal: side({ policies: [identity({ Sid: 'NoAssume', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' })] }), role: TARGET_A, trust: trustDoc(trusts({ AWS: ALICE })), expect: { verdict: 'denied', deniedBy: 'identity:ops#NoAssume' } },
  { name: 'the caller account SCPs apply to an exact trust grant', principal: side({ policies: [], scp: scpChain({ id: 'p-sts', statements: [denyStatement('sts:AssumeRole')] }) }), role: TARGET_A, trust: trustDoc(trusts({ AWS: ALICE })), expect: { verdict: 'denied', deniedBy: 'scp:p-sts (p-sts) at the root (r-ab12)#0' } },
  {
    name: 'sts:ExternalId in the trust: conditional, condition quoted',
    principal: side({ policies: [identity(allowAssume)] }),
    role: TARGET_B,
    trust: trustDoc(trusts({ AWS: `arn:aws:iam::${A}:root` }, { Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } })),
    expect: { verdict: 'conditional', allowedBy: ['trust:trust policy of role Target#Trust', 'identity:ops#Assume'], conditions: ['StringEquals sts:ExternalId ["abc"] (trust policy of role Target, statement Trust)'] },
  },
  {
    name: 'MFA required by the trust: conditional',
    principal: side({ policies: [] }),
    role: TARGET_A,
    trust: trustDoc(trusts({ AWS: ALICE }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
    expect: { verdict: 'conditional', allowedBy: ['trust:trust policy of role Target#Trust'], conditions: ['Bool aws:MultiFactorAuthPresent ["true"] (trust policy of role Target, statement Trust)'] },
  },
  { name: 'aws:PrincipalOrgID in the trust, decided: same organization', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } } })), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust', 'identity:ops#Assume'] } },
  { name: 'aws:PrincipalOrgID in the trust, decided: another organization', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-other' } } })), expect: { verdict: 'denied' } },
  { name: 'aws:PrincipalArn in the trust, decided', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: A }, { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/a*` } } })), expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust', 'identity:ops#Assume'] } },
  { name: 'a role tag condition in the identity policy, decided from the role tags', principal: side({ policies: [identity({ ...allowAssume, ...tagIs('iam:ResourceTag/env', 'dev') })] }), role: TARGET_B, trust: trustDoc(trusts({ AWS: A })), facts: { values: { 'iam:ResourceTag/env': 'prod' }, complete: ['iam:ResourceTag/'] }, expect: { verdict: 'denied' } },
  { name: 'an unreadable trust policy: conditional', principal: side({ policies: [identity(allowAssume)] }), role: TARGET_B, trust: { ok: false, problem: 'statement 0: Effect must be Allow or Deny' }, expect: { verdict: 'conditional', allowedBy: ['identity:ops#Assume'], conditions: ['trust policy of role Target could not be read (statement 0: Effect must be Allow or Deny)'] } },
  {
    name: 'Deny NotPrincipal naming the caller and its account spares it',
    principal: side({ policies: [] }),
    role: TARGET_A,
    trust: trustDoc(trusts({ AWS: ALICE }), { Sid: 'OnlyAlice', Effect: 'Deny', NotPrincipal: { AWS: [ALICE, `arn:aws:iam::${A}:root`] }, Action: 'sts:AssumeRole' }),
    expect: { verdict: 'allowed', allowedBy: ['trust:trust policy of role Target#Trust'] },
  },
  {
    name: 'Deny NotPrincipal naming only the caller: undecided (AWS wants its account too)',
    principal: side({ policies: [] }),
    role: TARGET_A,
    trust: trustDoc(trusts({ AWS: ALICE }), { Sid: 'OnlyAlice', Effect: 'Deny', NotPrincipal: { AWS: ALICE }, Action: 'sts:AssumeRole' }),
    expect: { verdict: 'conditional', allowedBy: ['trust:trust policy of role Target#Trust'], conditions: ['NotPrincipal ["arn:aws:iam::111111111111:user/alice"] names the caller but not its account (trust policy of role Target, statement OnlyAlice)'] },
  },
  {
    name: 'Deny NotPrincipal always denies a principal with a boundary',
    principal: side({ policies: [identity(allowAssume)], boundary: boundary({ Effect: 'Allow', Action: '*', Resource: '*' }) }),
    role: TARGET_A,
    trust: trustDoc(trusts({ AWS: ALICE }), { Sid: 'OnlyAlice', Effect: 'Deny', NotPrincipal: { AWS: [ALICE, A] }, Action: 'sts:AssumeRole' }),
    expect: { verdict: 'denied', deniedBy: 'trust:trust policy of role Target#OnlyAlice' },
  },
]

describe('evaluateAssumeRole', () => {
  it.each(assumeRows)('$name', (row) => {
    const accountId = row.role.split(':')[4]!
    check(evaluateAssumeRole({ principal: row.principal, facts: row.facts ?? callerFacts, role: { arn: row.role, accountId, trust: row.trust, label: { account: accountId, kind: 'trust', name: 'trust policy of role Target' } } }), row.expect)
  })
})

// ---- trust policies ------------------------------------------------------------------------------

describe('parseTrustPolicy', () => {
  it.each([
    ['"*"', '*', { aws: [], service: [], federated: [], any: true }],
    ['{"AWS": "*"}', { AWS: '*' }, { aws: ['*'], service: [], federated: [], any: true }],
    ['AWS list, Service, Federated', { AWS: [ALICE, A], Service: 'ec2.amazonaws.com', Federated: 'cognito-identity.amazonaws.com' }, { aws: [ALICE, A], service: ['ec2.amazonaws.com'], federated: ['cognito-identity.amazonaws.com'], any: false }],
  ])('Principal %s', (_, principal, expected) => {
    const parsed = parseTrustPolicy(policyDocument(trusts(principal)))
    expect(parsed).toEqual({ ok: true, statements: [expect.objectContaining({ index: 0, sid: 'Trust', effect: 'Allow', action: ['sts:AssumeRole'], principal: expected })] })
  })

  it('NotPrincipal is carried as such', () => {
    const parsed = parseTrustPolicy(policyDocument({ Effect: 'Deny', NotPrincipal: { AWS: ALICE }, Action: 'sts:AssumeRole' }))
    expect(parsed.ok && parsed.statements[0]).toMatchObject({ notPrincipal: { aws: [ALICE], any: false } })
    expect(parsed.ok && parsed.statements[0]!.principal).toBeUndefined()
  })

  it.each([
    ['no Principal', policyDocument({ Effect: 'Allow', Action: 'sts:AssumeRole' }), /exactly one of Principal or NotPrincipal/],
    ['an ARN string as Principal', policyDocument(trusts(ALICE)), /must be "\*" or an object/],
    ['an unknown principal type', policyDocument(trusts({ Aws: ALICE })), /unknown principal type Aws/],
    ['a number in AWS', policyDocument(trusts({ AWS: [1] })), /AWS must be a string or a list of strings/],
    ['what parsePolicy rejects', policyDocument({ Effect: 'Permit', Principal: '*', Action: 'sts:AssumeRole' }), /Effect must be Allow or Deny/],
    ['no Statement', { Version: '2012-10-17' }, /no Statement/],
  ])('%s is reported', (_, document, problem) => {
    const parsed = parseTrustPolicy(document)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toMatch(problem)
  })
})

describe('principalMatches', () => {
  const caller = { arn: ALICE, accountId: A }
  const el = (aws: string[], any = false): PrincipalElement => ({ aws, service: [], federated: [], any })
  it.each([
    ['the caller ARN', el([ALICE]), 'exact'],
    ['the caller ARN next to its account', el([`arn:aws:iam::${A}:root`, ALICE]), 'exact'],
    ['the account id', el([A]), 'account'],
    ['the account root', el([`arn:aws:iam::${A}:root`]), 'account'],
    ['"*"', el(['*'], true), 'account'],
    ['another user', el([`arn:aws:iam::${A}:user/bob`]), 'none'],
    ['the same name under a path', el([`arn:aws:iam::${A}:user/ops/alice`]), 'none'],
    ['another account', el([`arn:aws:iam::${B}:root`, B]), 'none'],
    ['a service only', { aws: [], service: ['ec2.amazonaws.com'], federated: [], any: false }, 'none'],
  ] as [string, PrincipalElement, ReturnType<typeof principalMatches>][])('%s', (_, element, expected) => expect(principalMatches(element, caller)).toBe(expected))
})

// ---- condition keys known to be absent (src/scp/condition.ts, `known`) -----------------------------

describe('evaluateConditionEntry with complete prefixes and policy variables', () => {
  const context = normaliseContext({ 'aws:ResourceTag/team': 'ops', 'aws:username': 'alice', 'aws:PrincipalTag/Dept': 'eng' })
  const complete: KnownContext = { complete: ['AWS:ResourceTag/'] }
  const entry = (operator: string, key: string, ...values: string[]) => ({ operator, key, values })
  it.each([
    ['StringEquals on an absent tag', entry('StringEquals', 'aws:ResourceTag/env', 'dev'), complete, 'false'],
    ['StringNotEquals on an absent tag', entry('StringNotEquals', 'aws:ResourceTag/env', 'dev'), complete, 'true'],
    ['StringLike on an absent tag', entry('StringLike', 'aws:ResourceTag/env', '*'), complete, 'false'],
    ['ArnNotLike on an absent key', entry('ArnNotLike', 'aws:ResourceTag/arn', 'arn:*'), complete, 'true'],
    ['Bool on an absent key', entry('Bool', 'aws:ResourceTag/flag', 'true'), complete, 'false'],
    ['…IfExists on an absent tag', entry('StringEqualsIfExists', 'aws:ResourceTag/env', 'dev'), complete, 'true'],
    ['Null true on an absent tag', entry('Null', 'aws:ResourceTag/env', 'true'), complete, 'true'],
    ['Null false on an absent tag', entry('Null', 'aws:ResourceTag/env', 'false'), complete, 'false'],
    ['ForAnyValue on an absent key', entry('ForAnyValue:StringEquals', 'aws:ResourceTag/env', 'dev'), complete, 'false'],
    ['ForAllValues on an absent key', entry('ForAllValues:StringEquals', 'aws:ResourceTag/env', 'dev'), complete, 'true'],
    ['an operator not modelled, on an absent key', entry('NumericLessThan', 'aws:ResourceTag/size', '3'), complete, 'unknown'],
    ['key and prefix in other cases', entry('StringEquals', 'aws:resourcetag/ENV', 'dev'), complete, 'false'],
    ['a present tag is still compared', entry('StringEquals', 'aws:ResourceTag/Team', 'ops'), complete, 'true'],
    ['an absent key outside the prefixes stays unknown', entry('StringEquals', 'aws:PrincipalTag/env', 'dev'), complete, 'unknown'],
    ['without prefixes an absent key stays unknown', entry('StringNotEquals', 'aws:ResourceTag/env', 'dev'), {}, 'unknown'],
    ['a policy variable, resolved', entry('StringEquals', 'aws:username', '${aws:username}'), { resolveVariables: true }, 'true'],
    ['a policy variable with a tag key, resolved case-insensitively', entry('StringLike', 'aws:ResourceTag/team', '${aws:principaltag/dept}-*', 'o*'), { resolveVariables: true }, 'true'],
    ['a policy variable not in the context', entry('StringEquals', 'aws:username', '${aws:PrincipalTag/none}'), { resolveVariables: true }, 'unknown'],
    ['a policy variable with a default', entry('StringEquals', 'aws:username', "${aws:PrincipalTag/none, 'alice'}"), { resolveVariables: true }, 'unknown'],
    ['a policy variable, not asked to resolve', entry('StringEquals', 'aws:username', '${aws:username}'), {}, 'unknown'],
  ] as [string, ReturnType<typeof entry>, KnownContext, Tri][])('%s', (_, e, known, expected) => expect(evaluateConditionEntry(e, context, known)).toBe(expected))
})
