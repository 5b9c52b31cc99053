// Differential test: our access evaluation (src/access/evaluate.ts) against @cloud-copilot/iam-simulate
// on fully known requests — identity policies, a permissions boundary, SCPs, resource and principal
// tags, and for sts:AssumeRole the role's trust policy as the resource policy. Every condition key in
// these cases is known (present or known absent), so our verdict must never be 'conditional', and
// 'allowed' / explicitly or implicitly 'denied' must be the simulator's. The simulator is a
// devDependency only (AGPL, asynchronous), used as an oracle like in test/scp/oracle.test.ts.
//
// Shapes left out, and why:
// - NotPrincipal in trust policies: AWS does not accept NotPrincipal in a role trust policy (IAM User
//   Guide, "NotPrincipal": "You cannot use the NotPrincipal element in … an IAM role trust policy"), and
//   for Deny + NotPrincipal the simulator spares a caller named by its ARN alone, where AWS documents that
//   the caller's account must be named too. Unit tests cover our reading.
// - Policy variables (${aws:username}): for a role session aws:username does not exist and we leave the
//   condition undecided rather than guess; unit tests cover the user case.
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { describe, expect, it } from 'vitest'
import { evaluateAssumeRole, evaluateRequest } from '../../src/access/evaluate.js'
import { parseTrustPolicy } from '../../src/access/trust.js'
import type { Decision, Facts, IdentitySide, ParsedPolicy, PolicyLabel } from '../../src/access/types.js'
import { parsePolicy } from '../../src/policy/document.js'
import type { ChainResult } from '../../src/scp/chain.js'
import type { ScpLevel } from '../../src/scp/evaluate.js'
import { seededRandom } from '../../tools/prng.js'

const A = '111111111111'
const B = '222222222222'
const ORG = 'o-exampleorg1'
const ALICE = `arn:aws:iam::${A}:user/alice`
const BOB = `arn:aws:iam::${A}:user/ops/bob`
const DEV = `arn:aws:iam::${A}:role/dev`
const CALLERS = [ALICE, BOB, DEV]

type Doc = { Version: string; Statement: Record<string, unknown>[] }
const doc = (...Statement: Record<string, unknown>[]): Doc => ({ Version: '2012-10-17', Statement })
const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' }
const SESSION_ACTIONS = ['ssm:StartSession', 'ec2-instance-connect:SendSSHPublicKey']

// Identity-policy statements of the shapes access reviews meet.
const IDENTITY: Record<string, Record<string, unknown>> = {
  allowSsm: { Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*' },
  allowSsmInstances: { Effect: 'Allow', Action: ['ssm:Start*', 'ssm:Resume*'], Resource: 'arn:aws:ec2:*:*:instance/*' },
  allowSsmDev: { Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } },
  allowSsmTagDev: { Effect: 'Allow', Action: 'ssm:StartSession', Resource: `arn:aws:ec2:eu-west-1:${A}:instance/*`, Condition: { StringEquals: { 'ssm:resourceTag/Env': 'dev' } } },
  allowSsmLike: { Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*', Condition: { StringLike: { 'aws:ResourceTag/env': 'd*' } } },
  allowSsmIfExists: { Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:ResourceTag/env': 'dev' } } },
  allowSsmUntagged: { Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*', Condition: { Null: { 'aws:ResourceTag/env': 'true' } } },
  allowEic: { Effect: 'Allow', Action: 'ec2-instance-connect:SendSSHPublicKey', Resource: `arn:aws:ec2:*:${A}:instance/i-0abc` },
  allowEicTeam: { Effect: 'Allow', Action: 'ec2-instance-connect:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } },
  allowEicNotProd: { Effect: 'Allow', Action: 'ec2-instance-connect:SendSSHPublicKey', Resource: '*', Condition: { StringNotEquals: { 'ec2:ResourceTag/env': 'prod' } } },
  allowNotIam: { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' },
  allowAllButDef: { Effect: 'Allow', Action: '*', NotResource: 'arn:aws:ec2:*:*:instance/i-0def' },
  allowAssume: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
  allowAssumeB: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/*` },
  allowAssumeTeam: { Effect: 'Allow', Action: 'sts:Assume*', Resource: 'arn:aws:iam::*:role/Target', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } },
  allowAssumeDevRoles: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } },
  denyProd: { Effect: 'Deny', Action: ['ssm:StartSession', 'ec2-instance-connect:*'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
  denySsmNotDev: { Effect: 'Deny', Action: 'ssm:*', Resource: '*', Condition: { StringNotEquals: { 'ssm:resourceTag/env': 'dev' } } },
  denyDef: { Effect: 'Deny', Action: '*', Resource: 'arn:aws:ec2:*:*:instance/i-0def' },
  denyUsEast: { Effect: 'Deny', Action: '*', Resource: 'arn:aws:ec2:us-east-1:*:*' },
  denyAdminRoles: { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/Admin*' },
  denyTeamDev: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'dev' } } },
  denyAssumeNotOps: { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } } },
}

const BOUNDARIES: Doc[] = [
  doc(ALLOW_ALL),
  doc({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }),
  doc({ Effect: 'Allow', NotAction: 'sts:*', Resource: '*' }),
  doc({ Effect: 'Allow', Action: [...SESSION_ACTIONS, 'sts:AssumeRole'], Resource: '*', Condition: { StringEqualsIfExists: { 'aws:ResourceTag/env': 'dev' } } }),
  doc(ALLOW_ALL, { Effect: 'Deny', Action: 'ec2-instance-connect:*', Resource: '*' }),
]

const SCPS: Record<string, Record<string, unknown>> = {
  denyEicProd: { Effect: 'Deny', Action: 'ec2-instance-connect:SendSSHPublicKey', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
  denyAssumeIntoB: { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/*` },
  denySsmUnlessOps: { Effect: 'Deny', Action: 'ssm:StartSession', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } } },
  denyOtherOrg: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } },
  denyIfTagged: { Effect: 'Deny', Action: 'ssm:*', Resource: '*', Condition: { Null: { 'ssm:resourceTag/env': 'false' }, StringEquals: { 'aws:PrincipalTag/team': 'dev' } } },
}
const SCP_ALLOW_NO_SSM = { Effect: 'Allow', NotAction: 'ssm:*', Resource: '*' }

const TRUST: Record<string, Record<string, unknown>> = {
  rootA: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' },
  accountA: { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' },
  alice: { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' },
  bob: { Effect: 'Allow', Principal: { AWS: [BOB, `arn:aws:iam::${B}:root`] }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
  devRole: { Effect: 'Allow', Principal: { AWS: DEV }, Action: 'sts:AssumeRole' },
  otherAccount: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' },
  service: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  webIdentity: { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` }, Action: 'sts:AssumeRoleWithWebIdentity' },
  rootAOps: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } },
  anyoneInOrg: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } },
  anyoneOtherOrg: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-someoneelse' } } },
  denyTeamDev: { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'dev' } } },
  denyAlice: { Effect: 'Deny', Principal: { AWS: ALICE }, Action: 'sts:*' },
  denyAccountA: { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
}
const ROLES = [`arn:aws:iam::${A}:role/Target`, `arn:aws:iam::${A}:role/AdminRole`, `arn:aws:iam::${B}:role/Target`, `arn:aws:iam::${B}:role/AdminRole`]

interface SessionRequest {
  kind: 'session'
  action: string
  instance: string
}
interface AssumeRequest {
  kind: 'assume'
  role: string
  trust: Doc
}
interface Case {
  caller: string
  team?: string
  /** The resource's env tag (instance or role); absent: the resource has no such tag. */
  env?: string
  identity: Doc[]
  boundary?: Doc
  /** SCP levels root → account; absent: SCPs do not apply. */
  scps?: Doc[][]
  request: SessionRequest | AssumeRequest
}

const accountOf = (arn: string) => arn.split(':')[4]!
const TAG_FAMILIES: Record<string, string[]> = {
  'ssm:StartSession': ['aws:ResourceTag/', 'ssm:resourceTag/'],
  'ec2-instance-connect:SendSSHPublicKey': ['aws:ResourceTag/', 'ec2:ResourceTag/'],
  'sts:AssumeRole': ['aws:ResourceTag/', 'iam:ResourceTag/'],
}
const ALL_FAMILIES = [...new Set(Object.values(TAG_FAMILIES).flat())]
const actionOf = (c: Case) => (c.request.kind === 'session' ? c.request.action : 'sts:AssumeRole')
const resourceOf = (c: Case) => (c.request.kind === 'session' ? c.request.instance : c.request.role)

/** The request's context: principal keys, and the resource's tags under the families of its action. */
function contextOf(c: Case): Record<string, string> {
  const values: Record<string, string> = { 'aws:PrincipalArn': c.caller, 'aws:PrincipalAccount': A, 'aws:PrincipalOrgID': ORG }
  if (c.caller.includes(':user/')) values['aws:username'] = c.caller.split('/').at(-1)!
  if (c.team !== undefined) values['aws:PrincipalTag/team'] = c.team
  if (c.env !== undefined) for (const family of TAG_FAMILIES[actionOf(c)]!) values[`${family}env`] = c.env
  return values
}

function parsed(label: PolicyLabel, d: Doc): ParsedPolicy {
  const p = parsePolicy(d)
  if (!p.ok) throw new Error(p.problem)
  return { label, statements: p.statements }
}

function chainOf(c: Case): ChainResult {
  if (!c.scps) return { kind: 'scps-disabled', reason: 'no SCPs in this case' }
  const levels: ScpLevel[] = c.scps.map((docs, i) => ({
    kind: i === 0 ? 'root' : 'account',
    id: i === 0 ? 'r-ab12' : A,
    name: i === 0 ? 'Root' : 'member',
    policies: docs.map((d, j) => ({ id: `p-${i}-${j}`, name: `scp-${i}-${j}`, statements: parsed({ account: A, kind: 'scp', name: 'x' }, d).statements })),
  }))
  const account = { id: A, arn: `arn:aws:organizations::000000000000:account/${ORG}/${A}`, name: 'member', email: 'm@example.com', status: 'ACTIVE', parentId: 'r-ab12', tags: { kind: 'ok' as const, value: {} } }
  return { kind: 'ok', levels, account, organizationId: ORG }
}

function ours(c: Case): Decision {
  const principal: IdentitySide = {
    arn: c.caller,
    accountId: A,
    policies: c.identity.map((d, i) => parsed({ account: A, kind: 'identity', name: `identity-${i}` }, d)),
    ...(c.boundary ? { boundary: parsed({ account: A, kind: 'permissions-boundary', name: 'boundary' }, c.boundary) } : {}),
    unreadable: [],
    scp: chainOf(c),
  }
  // Every tag of the principal and of the resource is known, so a missing one is known absent.
  const facts: Facts = { values: contextOf(c), complete: ['aws:PrincipalTag/', ...ALL_FAMILIES] }
  if (c.request.kind === 'session') return evaluateRequest({ principal, action: c.request.action, resource: c.request.instance, facts })
  const role = c.request.role
  return evaluateAssumeRole({ principal, facts, role: { arn: role, accountId: accountOf(role), trust: parseTrustPolicy(c.request.trust), label: { account: accountOf(role), kind: 'trust', name: 'trust policy of the role' } } })
}

const verdictOf = (d: Decision) => (d.verdict === 'allowed' ? 'Allowed' : d.verdict === 'denied' ? (d.deniedBy ? 'ExplicitlyDenied' : 'ImplicitlyDenied') : `Conditional: ${d.conditions.join('; ')}`)

async function oracle(c: Case): Promise<string> {
  const resource = resourceOf(c)
  const result = await runSimulation(
    {
      request: { principal: c.caller, action: actionOf(c), resource: { resource, accountId: accountOf(resource) }, contextVariables: contextOf(c) },
      identityPolicies: c.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
      ...(c.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] } : {}),
      serviceControlPolicies: (c.scps ?? []).map((docs, i) => ({ orgIdentifier: i === 0 ? 'r-ab12' : A, policies: docs.map((policy, j) => ({ name: `scp-${i}-${j}`, policy })) })),
      resourceControlPolicies: [],
      ...(c.request.kind === 'assume' ? { resourcePolicy: c.request.trust } : {}),
    },
    {},
  )
  if (result.resultType === 'error') throw new Error(`simulator rejected the case: ${JSON.stringify(result.errors)}`)
  return result.overallResult
}

function randomCase(rand: () => number): Case {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
  const some = <T,>(xs: readonly T[], max: number) => Array.from({ length: 1 + Math.floor(rand() * max) }, () => pick(xs))
  const identityNames = Object.keys(IDENTITY)
  const identity = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => doc(...some(identityNames, 3).map((n) => IDENTITY[n]!)))
  const c: Case = { caller: pick(CALLERS), identity, request: { kind: 'session', action: '', instance: '' } }
  const team = pick(['ops', 'dev', undefined])
  if (team !== undefined) c.team = team
  const env = pick(['dev', 'prod', undefined])
  if (env !== undefined) c.env = env
  if (rand() < 0.4) c.boundary = pick(BOUNDARIES)
  if (rand() < 0.6) {
    const extra = () => (rand() < 0.5 ? [doc(SCPS[pick(Object.keys(SCPS))]!)] : [])
    c.scps = [[doc(ALLOW_ALL), ...extra()], [rand() < 0.8 ? doc(ALLOW_ALL) : doc(SCP_ALLOW_NO_SSM), ...extra()]]
  }
  if (rand() < 0.5) {
    c.request = { kind: 'session', action: pick(SESSION_ACTIONS), instance: `arn:aws:ec2:${pick(['eu-west-1', 'us-east-1'])}:${A}:instance/${pick(['i-0abc', 'i-0def'])}` }
  } else {
    c.request = { kind: 'assume', role: pick(ROLES), trust: doc(...some(Object.keys(TRUST), 2).map((n) => TRUST[n]!)) }
  }
  return c
}

describe('access evaluation agrees with @cloud-copilot/iam-simulate on fully known requests', () => {
  it('named cases', async () => {
    const session = (action: string, instance = `arn:aws:ec2:eu-west-1:${A}:instance/i-0abc`): SessionRequest => ({ kind: 'session', action, instance })
    const assume = (role: string, ...trust: string[]): AssumeRequest => ({ kind: 'assume', role, trust: doc(...trust.map((t) => TRUST[t]!)) })
    const cases: [string, Case, string][] = [
      ['tag condition matches', { caller: ALICE, env: 'dev', identity: [doc(IDENTITY.allowSsmDev!)], request: session('ssm:StartSession') }, 'Allowed'],
      ['tag condition does not match', { caller: ALICE, env: 'prod', identity: [doc(IDENTITY.allowSsmDev!)], request: session('ssm:StartSession') }, 'ImplicitlyDenied'],
      ['missing tag: StringNotEquals holds', { caller: ALICE, identity: [doc(IDENTITY.allowEicNotProd!)], request: session('ec2-instance-connect:SendSSHPublicKey') }, 'Allowed'],
      ['same account, trust names the user: no identity allow needed', { caller: ALICE, identity: [doc(IDENTITY.allowSsm!)], request: assume(ROLES[0]!, 'alice') }, 'Allowed'],
      ['same account, trust names the account: identity allow needed', { caller: ALICE, identity: [doc(IDENTITY.allowSsm!)], request: assume(ROLES[0]!, 'rootA') }, 'ImplicitlyDenied'],
      ['cross account, trust names the user: identity allow needed', { caller: ALICE, identity: [doc(IDENTITY.allowSsm!)], request: assume(ROLES[2]!, 'alice') }, 'ImplicitlyDenied'],
      ['same account, role named, boundary refuses', { caller: DEV, identity: [doc(IDENTITY.allowAssume!)], boundary: BOUNDARIES[1]!, request: assume(ROLES[0]!, 'devRole') }, 'ImplicitlyDenied'],
      ['same account, user named, boundary refuses', { caller: ALICE, identity: [doc(IDENTITY.allowAssume!)], boundary: BOUNDARIES[1]!, request: assume(ROLES[0]!, 'alice') }, 'Allowed'],
      ['same account, anyone in the org', { caller: DEV, identity: [doc(IDENTITY.allowSsm!)], request: assume(ROLES[0]!, 'anyoneInOrg') }, 'Allowed'],
    ]
    for (const [name, c, expected] of cases) {
      expect(verdictOf(ours(c)), name).toBe(expected)
      expect(await oracle(c), `oracle: ${name}`).toBe(expected)
    }
  })

  // ACCESS_ORACLE_SEED / ACCESS_ORACLE_CASES explore further (or replay) without editing the test.
  const seed = Number(process.env.ACCESS_ORACLE_SEED ?? 20261202)
  const cases = Number(process.env.ACCESS_ORACLE_CASES ?? 300)
  it(`${cases} random principals, policies and requests (seed ${seed})`, async () => {
    const rand = seededRandom(seed)
    const disagreements: string[] = []
    const seen = new Map<string, number>()
    for (let i = 0; i < cases; i++) {
      const c = randomCase(rand)
      const [mine, theirs] = [verdictOf(ours(c)), await oracle(c)]
      const kind = c.request.kind === 'session' ? 'session' : accountOf(c.request.role) === A ? 'assume (same account)' : 'assume (cross-account)'
      seen.set(`${kind}: ${theirs}`, (seen.get(`${kind}: ${theirs}`) ?? 0) + 1)
      if (mine !== theirs) disagreements.push(`#${i}: ours ${mine}, simulator ${theirs}\n${JSON.stringify(c)}`)
    }
    expect(disagreements).toEqual([])
    // The pools must keep producing every outcome for every kind of request, or the comparison proves little.
    for (const kind of ['session', 'assume (same account)', 'assume (cross-account)']) {
      for (const outcome of ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']) expect(seen.get(`${kind}: ${outcome}`) ?? 0, `${kind}: ${outcome}`).toBeGreaterThan(cases / 100)
    }
  })
})
