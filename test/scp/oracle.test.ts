// Differential test: our SCP chain evaluation against @cloud-copilot/iam-simulate, a maintained
// IAM simulator, on concrete requests (known principal, known account). The simulator is a
// devDependency only — it is AGPL-licensed and evaluates asynchronously with data read from disk,
// which rules it out for the shipped, synchronous checks (see docs/architecture.md) — but as an
// oracle in tests it checks that our wildcard, NotAction, NotResource and condition handling agrees
// with an independent implementation of AWS's rules.
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { describe, expect, it } from 'vitest'
import { parsePolicy } from '../../src/policy/document.js'
import { evaluateScpChain, type ScpLevel } from '../../src/scp/evaluate.js'
import { seededRandom } from '../../tools/prng.js'

const ACCOUNT = '222222222222'
const ORG = 'o-exampleorg1'
const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' }

type Doc = { Version: string; Statement: Record<string, unknown>[] }
const doc = (...Statement: Record<string, unknown>[]): Doc => ({ Version: '2012-10-17', Statement })

// A pool of SCP statements of the shapes real organizations write.
const STATEMENTS: Record<string, Record<string, unknown>> = {
  allowAll: ALLOW_ALL,
  allowCompute: { Effect: 'Allow', Action: ['ec2:*', 's3:*', 'iam:Get*'], Resource: '*' },
  allowNotIam: { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' },
  denyTrail: { Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' },
  denyTrailStar: { Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*' },
  denyStop: { Effect: 'Deny', Action: ['cloudtrail:Stop*', 'config:Stop*'], Resource: '*' },
  denyNotAction: { Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:Describe*'], Resource: '*' },
  denyBreakGlass: { Effect: 'Deny', Action: ['cloudtrail:*', 'config:*', 'guardduty:*'], Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/BreakGlass'] } } },
  denyRoot: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } },
  denyIamUsers: { Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: '*' },
  denyLeave: { Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
  denyNotResource: { Effect: 'Deny', Action: 'iam:CreateUser', NotResource: '*' },
  denyOtherOrg: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } },
  denyForOtherAccount: { Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '999999999999' } } },
  denyUsersPath: { Effect: 'Deny', Action: 'iam:Create*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } } },
}

const ACTIONS = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'config:StopConfigurationRecorder',
  'guardduty:DeleteDetector',
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:GetUser',
  'ec2:RunInstances',
  's3:PutBucketPolicy',
  'organizations:LeaveOrganization',
  'organizations:DescribeOrganization',
  'sts:GetCallerIdentity',
]

const PRINCIPALS = [`arn:aws:iam::${ACCOUNT}:role/Developer`, `arn:aws:iam::${ACCOUNT}:role/BreakGlass`, `arn:aws:iam::${ACCOUNT}:user/alice`]


interface Scenario {
  levels: { id: string; docs: Doc[] }[]
  action: string
  principal: string
}

function randomScenario(rand: () => number): Scenario {
  const names = Object.keys(STATEMENTS)
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
  const levelIds = ['r-ab12', 'ou-work', 'ou-prod', ACCOUNT].slice(0, 2 + Math.floor(rand() * 3))
  const levels = levelIds.map((id) => {
    // Most levels keep FullAWSAccess, as in real organizations; some replace it with an allow-list.
    const docs: Doc[] = rand() < 0.8 ? [doc(ALLOW_ALL)] : [doc(STATEMENTS[pick(['allowCompute', 'allowNotIam'])]!)]
    const extra = Math.floor(rand() * 3)
    for (let i = 0; i < extra; i++) docs.push(doc(STATEMENTS[pick(names)]!))
    return { id, docs }
  })
  return { levels, action: pick(ACTIONS), principal: pick(PRINCIPALS) }
}

function ours(s: Scenario): string {
  const levels: ScpLevel[] = s.levels.map((l, i) => ({
    kind: i === 0 ? 'root' : l.id === ACCOUNT ? 'account' : 'ou',
    id: l.id,
    name: l.id,
    policies: l.docs.map((d, j) => {
      const parsed = parsePolicy(d)
      if (!parsed.ok) throw new Error(parsed.problem)
      return { id: `p-${i}-${j}`, name: `p-${i}-${j}`, statements: parsed.statements }
    }),
  }))
  const context = { 'aws:PrincipalArn': s.principal, 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalOrgID': ORG }
  const d = evaluateScpChain(levels, { action: s.action, context })
  return { denied: 'ExplicitlyDenied', 'implicitly-denied': 'ImplicitlyDenied', allowed: 'Allowed', conditional: 'Conditional' }[d.decision]
}

async function oracle(s: Scenario): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: s.principal,
        action: s.action,
        resource: { resource: '*', accountId: ACCOUNT },
        // The simulator does not derive these from the principal; pass what our evaluation knows.
        contextVariables: { 'aws:PrincipalArn': s.principal, 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalOrgID': ORG },
      },
      // Identity side allows everything, so the verdict is the SCPs' alone.
      identityPolicies: [{ name: 'admin', policy: doc(ALLOW_ALL) }],
      serviceControlPolicies: s.levels.map((l, i) => ({ orgIdentifier: l.id, policies: l.docs.map((d, j) => ({ name: `p-${i}-${j}`, policy: d })) })),
      resourceControlPolicies: [],
    },
    {},
  )
  if (result.resultType === 'error') throw new Error(`simulator rejected the scenario: ${JSON.stringify(result.errors)}`)
  return result.overallResult
}

describe('SCP evaluation agrees with @cloud-copilot/iam-simulate on concrete requests', () => {
  it('named scenarios', async () => {
    const scenarios: Scenario[] = [
      { levels: [{ id: 'r-ab12', docs: [doc(ALLOW_ALL)] }, { id: ACCOUNT, docs: [doc(ALLOW_ALL)] }], action: 'cloudtrail:StopLogging', principal: PRINCIPALS[0]! },
      { levels: [{ id: 'r-ab12', docs: [doc(ALLOW_ALL), doc(STATEMENTS.denyBreakGlass!)] }, { id: ACCOUNT, docs: [doc(ALLOW_ALL)] }], action: 'cloudtrail:StopLogging', principal: PRINCIPALS[0]! },
      { levels: [{ id: 'r-ab12', docs: [doc(ALLOW_ALL), doc(STATEMENTS.denyBreakGlass!)] }, { id: ACCOUNT, docs: [doc(ALLOW_ALL)] }], action: 'cloudtrail:StopLogging', principal: PRINCIPALS[1]! },
      { levels: [{ id: 'r-ab12', docs: [doc(ALLOW_ALL)] }, { id: 'ou-x', docs: [doc(STATEMENTS.allowCompute!)] }, { id: ACCOUNT, docs: [doc(ALLOW_ALL)] }], action: 'cloudtrail:StopLogging', principal: PRINCIPALS[0]! },
      { levels: [{ id: 'r-ab12', docs: [doc(ALLOW_ALL), doc(STATEMENTS.denyNotAction!)] }, { id: ACCOUNT, docs: [doc(ALLOW_ALL)] }], action: 'iam:CreateUser', principal: PRINCIPALS[0]! },
    ]
    const expected = ['Allowed', 'ExplicitlyDenied', 'Allowed', 'ImplicitlyDenied', 'Allowed']
    for (const [i, s] of scenarios.entries()) {
      expect(ours(s), `scenario ${i}`).toBe(expected[i])
      expect(await oracle(s), `oracle, scenario ${i}`).toBe(expected[i])
    }
  })

  // SCP_ORACLE_SEED / SCP_ORACLE_CASES explore further (or replay) without editing the test.
  const seed = Number(process.env.SCP_ORACLE_SEED ?? 20261123)
  const cases = Number(process.env.SCP_ORACLE_CASES ?? 500)
  it(`${cases} random chains, actions and principals (seed ${seed})`, async () => {
    const rand = seededRandom(seed)
    const disagreements: string[] = []
    for (let i = 0; i < cases; i++) {
      const s = randomScenario(rand)
      const [mine, theirs] = [ours(s), await oracle(s)]
      if (mine !== theirs) disagreements.push(`#${i} ${s.action} as ${s.principal}: ours ${mine}, simulator ${theirs}\n${JSON.stringify(s.levels)}`)
    }
    expect(disagreements).toEqual([])
  })
})
