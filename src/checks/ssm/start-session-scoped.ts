import { z } from 'zod'
import { defineCheck } from '../define.js'
import { describeStatement, type ConditionEntry, type Statement } from '../../policy/document.js'
import { allowsAction, arnShape, patternMeetsShape, judgeGrantingPolicies } from '../lib/iam-grants.js'

const START_SESSION = 'ssm:StartSession'

// A resource pattern "reaches every node" when it matches two unrelated made-up node ids of a kind,
// in any partition, region and account: `*`, `arn:aws:ec2:*:*:instance/*`, `arn:aws:ec2:eu-west-1:123456789012:*`
// do; a list of instance ARNs, a document ARN or `instance/i-0abc*` do not.
const NODE_SHAPES = {
  'EC2 instance': [arnShape('arn:{}:ec2:{}:{}:instance/i-0123456789abcdef0'), arnShape('arn:{}:ec2:{}:{}:instance/i-0fedcba9876543210')],
  'managed node': [arnShape('arn:{}:ssm:{}:{}:managed-instance/mi-0123456789abcdef0'), arnShape('arn:{}:ssm:{}:{}:managed-instance/mi-0fedcba9876543210')],
}

function nodesReached(pattern: string): string[] {
  return Object.entries(NODE_SHAPES)
    .filter(([, shapes]) => shapes.every((shape) => patternMeetsShape(pattern, shape)))
    .map(([kind]) => kind)
}

/**
 * A condition that admits only nodes carrying a given tag value: StringEquals[IgnoreCase] or
 * StringLike on ssm:resourceTag/<key> or aws:ResourceTag/<key>, with at least one value that is
 * not a bare wildcard. IfExists (untagged nodes pass), negated operators (every other value passes)
 * and ForAnyValue/ForAllValues do not count.
 */
function isTagScope(c: ConditionEntry): boolean {
  if (!/^(ssm:resourcetag|aws:resourcetag)\/./i.test(c.key)) return false
  const operator = c.operator.toLowerCase()
  if (operator === 'stringequals' || operator === 'stringequalsignorecase') return c.values.length > 0
  if (operator === 'stringlike') return c.values.length > 0 && c.values.every((v) => !/^\*+$/.test(v))
  return false
}

/** Why a statement that allows StartSession is not scoped, or undefined when it is (and how, in `scope`). */
function judge(s: Statement): { unscoped?: string; scope?: string } {
  const tagScopes = s.conditions.filter(isTagScope)
  if (tagScopes.length > 0) return { scope: `condition on ${tagScopes.map((c) => `${c.operator} ${c.key}`).join(', ')}` }
  if (s.notResource) return { unscoped: 'NotResource allows every resource except those listed, without a tag condition' }
  if (!s.resource) return { unscoped: 'the statement has no Resource element' }
  const broad = s.resource.map((r) => ({ r, kinds: nodesReached(r) })).filter((b) => b.kinds.length > 0)
  if (broad.length > 0) return { unscoped: broad.map((b) => `Resource ${b.r} reaches every ${b.kinds.join(' and every ')}`).join('; ') + ', without a condition on ssm:resourceTag/* or aws:ResourceTag/*' }
  return { scope: `resources ${s.resource.join(', ')}` }
}

export default defineCheck({
  id: 'ssm.start-session-scoped',
  title: 'Policies granting ssm:StartSession limit it to named nodes or tagged nodes',
  description:
    'Examines every managed policy attached to someone and every inline policy of a user, group or role (GetAccountAuthorizationDetails). A statement grants Session Manager access when it allows ssm:StartSession, also through wildcards (ssm:*, ssm:Start*, *) or a NotAction that leaves it out. Such a statement is scoped when it carries a tag condition (StringEquals / StringEqualsIgnoreCase / StringLike on ssm:resourceTag/<key> or aws:ResourceTag/<key>, not IfExists, not a bare "*") or when none of its Resource patterns reaches every node (`*`, `arn:aws:ec2:*:*:instance/*`, `arn:aws:ssm:*:*:managed-instance/*`, or a region- or account-wide form of them do; instance ARNs and document ARNs do not). One finding per policy that grants ssm:StartSession: fail when any such statement is unscoped (NotResource counts as unscoped), pass otherwise. Other conditions (MFA, source IP) do not limit which servers are reachable and are not counted; Deny statements, permission boundaries and SCPs are not taken into account, which can only turn a pass into a fail. A policy whose document is missing or malformed gives an error. Without any policy granting ssm:StartSession the check is not applicable.',
  rationale:
    'ssm:StartSession is a shell on the server: granted on every instance it is SSH access to the whole fleet, production included. Scoping it by instance or by tag (an environment or team tag) keeps each person to the servers their job needs, the same separation that per-host SSH keys gave.',
  remediation:
    'Rewrite the statement to name the instances (`"Resource": ["arn:aws:ec2:<region>:<account>:instance/<id>", "arn:aws:ssm:<region>:<account>:document/SSM-SessionManagerRunShell"]`) or keep `arn:aws:ec2:*:*:instance/*` with a tag condition: `"Condition": {"StringEquals": {"ssm:resourceTag/Team": "payments"}}`; then `aws iam create-policy-version --policy-arn <arn> --policy-document file://scoped.json --set-as-default` (or `aws iam put-role-policy` / `put-user-policy` / `put-group-policy` for an inline policy). For AWS-managed policies that grant it broadly (AdministratorAccess, AmazonSSMFullAccess), detach them from people who only need sessions.',
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    judgeGrantingPolicies(
      ctx,
      ctx.read('iam.authorizationDetails'),
      (s) => allowsAction(s, START_SESSION),
      (policy, granting) => {
        const verdicts = granting.map((s) => ({ s, ...judge(s) }))
        const unscoped = verdicts.filter((v) => v.unscoped !== undefined)
        if (unscoped.length > 0) {
          ctx.fail(policy.resource, `${policy.label} allows ${START_SESSION} on every node: ${unscoped.map((v) => `statement ${v.s.sid ?? v.s.index}: ${v.unscoped}`).join('; ')}`, {
            evidence: { ...policy.evidence, unscopedStatements: unscoped.map((v) => ({ ...describeStatement(v.s), why: v.unscoped })) },
          })
        } else {
          ctx.pass(policy.resource, `${policy.label} allows ${START_SESSION} only on named or tagged nodes`, {
            evidence: { ...policy.evidence, statements: verdicts.map((v) => ({ ...describeStatement(v.s), scopedBy: v.scope })) },
          })
        }
      },
      `No policy in use allows ${START_SESSION}`,
    )
  },
})
