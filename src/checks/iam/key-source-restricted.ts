import { z } from 'zod'
import { defineCheck } from '../define.js'
import { conditionKeyEquals, describeStatement, parsePolicy, type ConditionEntry, type Statement } from '../../policy/document.js'
import { managedPoliciesByArn, policiesOfUser, type AppliedPolicy, type PolicySource } from '../../policy/principal-policies.js'
import { coversAllActions, coversAllResources } from '../../policy/wildcard.js'

// Which condition tests bind a request to its network origin, per statement effect. Operators are
// compared exactly as written; anything not listed (IfExists on an Allow, ForAnyValue:, *Like,
// a Deny *from* the network) is not counted, which can only turn a pass into a fail.
const IP_KEYS = ['aws:SourceIp']
const VPC_KEYS = ['aws:SourceVpc', 'aws:SourceVpce']

/** A CIDR of prefix length 0 (0.0.0.0/0, ::/0) is the whole internet: no restriction at all. */
const isEverywhere = (value: string) => /\/0+$/.test(value.trim())
const keyIn = (c: ConditionEntry, keys: string[]) => keys.some((k) => conditionKeyEquals(c.key, k))

/**
 * Deny side: the condition is true for requests from outside the listed networks (and, for the
 * negated operators and IfExists, when the key is absent), so the Deny denies everything else.
 */
function deniesOutsideNetwork(c: ConditionEntry): boolean {
  if (keyIn(c, IP_KEYS)) return (c.operator === 'NotIpAddress' || c.operator === 'NotIpAddressIfExists') && !c.values.some(isEverywhere)
  if (keyIn(c, VPC_KEYS)) return c.operator === 'StringNotEquals' || c.operator === 'StringNotEqualsIfExists'
  return false
}

/** Allow side: the condition is true only for requests from the listed networks (never when the key is absent). */
function allowsOnlyFromNetwork(c: ConditionEntry): boolean {
  if (keyIn(c, IP_KEYS)) return c.operator === 'IpAddress' && !c.values.some(isEverywhere)
  if (keyIn(c, VPC_KEYS)) return c.operator === 'StringEquals'
  return false
}

/** The documented companion of a deny-outside-network statement; it exempts only calls AWS services make on the user's behalf. */
const isViaAwsServiceFalse = (c: ConditionEntry) =>
  c.operator === 'Bool' && conditionKeyEquals(c.key, 'aws:ViaAWSService') && c.values.length === 1 && c.values[0]!.toLowerCase() === 'false'

/**
 * Why a Deny statement that mentions a network key does not restrict the user, or undefined when it
 * does. Every condition is ANDed, so any other condition could make the Deny not apply to a request.
 */
function denyProblem(s: Statement): string | undefined {
  if (!s.action?.some(coversAllActions)) return 'does not deny every action (Action "*")'
  if (!s.resource?.some(coversAllResources)) return 'does not cover every resource (Resource "*")'
  if (!s.conditions.some(deniesOutsideNetwork)) return 'has no condition that denies requests from outside the allowed networks (NotIpAddress aws:SourceIp, StringNotEquals[IfExists] aws:SourceVpc/aws:SourceVpce)'
  const other = s.conditions.filter((c) => !deniesOutsideNetwork(c) && !isViaAwsServiceFalse(c))
  if (other.length > 0) return `has other conditions that narrow the Deny: ${other.map((c) => `${c.operator} ${c.key}`).join(', ')}`
  return undefined
}

const conditionEvidence = (conditions: ConditionEntry[]) => conditions.map((c) => ({ operator: c.operator, key: c.key, values: c.values }))
const mentionsNetwork = (s: Statement) => s.conditions.some((c) => keyIn(c, [...IP_KEYS, ...VPC_KEYS]))

interface Located {
  source: PolicySource
  policy: string
  statement: Statement
}

const locate = (l: Located) => ({ source: l.source, policy: l.policy, statementIndex: l.statement.index, sid: l.statement.sid ?? null })

export default defineCheck({
  id: 'iam.key-source-restricted',
  title: 'Users with access keys are restricted by network origin',
  description:
    "For every IAM user with an active access key (credential report), passes only when every permission the user holds is bound to the network the request comes from. That is the case when (a) a Deny statement that applies to the user — in its own inline or managed policies, its groups' policies, or its permissions boundary — has Action \"*\" and Resource \"*\" and a condition that matches requests from outside the allowed networks (NotIpAddress[IfExists] on aws:SourceIp, or StringNotEquals[IfExists] on aws:SourceVpc / aws:SourceVpce; other conditions only Bool aws:ViaAWSService=false); or (b) every Allow statement of the user's own and groups' policies, or every Allow statement of its permissions boundary, carries a condition that matches only the allowed networks (IpAddress on aws:SourceIp, or StringEquals on aws:SourceVpc / aws:SourceVpce). A Deny *from* a network (IpAddress), an IfExists test on an Allow, or a 0.0.0.0/0 range restricts nothing. A user with no Allow statement at all fails (rule (b) is not taken as vacuously true). Rule (b) covers identity policies only: a resource policy naming the user is bound only by rule (a). The evidence names the restricting Deny or the conditioned Allow statements, or on failure lists the unconditioned Allow statements. When no restriction is found but some applicable policy document is not in the snapshot or cannot be parsed, the result is an error, not a fail.",
  rationale:
    'A leaked access key works from anywhere on the internet. Tying every use of the key to the corporate egress addresses or to your VPCs turns a leaked key into a useless string for an outside attacker; one network-conditioned statement next to an unconditioned AdministratorAccess does not.',
  remediation:
    'Attach to the user\'s group (or add to its permissions boundary) a policy that denies every request from outside your networks, e.g. {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24"]},"Bool":{"aws:ViaAWSService":"false"}}} (for VPC endpoints use StringNotEqualsIfExists on aws:SourceVpc or aws:SourceVpce): `aws iam create-policy --policy-name deny-outside-network --policy-document file://deny.json`, then `aws iam attach-group-policy --group-name <group> --policy-arn <arn>`. Alternatively add an IpAddress aws:SourceIp (or StringEquals aws:SourceVpc) condition to every Allow statement listed in the evidence. Better: replace the key with a role.',
  scope: 'account',
  requires: ['iam.credentialReport', 'iam.authorizationDetails'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const details = ctx.read('iam.authorizationDetails')
    const byArn = managedPoliciesByArn(details)
    const usersByName = new Map(details.users.map((u) => [u.name, u]))
    for (const row of ctx.read('iam.credentialReport').users) {
      if (row.isRoot || !row.accessKeys.some((k) => k.active)) continue
      const user = usersByName.get(row.user)
      if (!user) {
        ctx.error(row.arn, `${row.user} has an active access key but is not in the authorization details`, 'UserNotInSnapshot')
        continue
      }
      const activeKeySlots = row.accessKeys.filter((k) => k.active).map((k) => k.slot)
      const applied: AppliedPolicy[] = policiesOfUser(user, details, byArn)

      const unknown: string[] = []
      const malformed: string[] = []
      let identityComplete = true
      let boundaryAllows: Located[] | undefined // undefined: no boundary, or its document is not known
      const identityAllows: Located[] = []
      let restrictingDeny: Located | undefined
      const denyNotCounted: Record<string, unknown>[] = []

      for (const policy of applied) {
        const isBoundary = policy.source === 'permissions-boundary'
        let statements: Statement[] | undefined
        if (!policy.document) unknown.push(policy.missing ?? policy.label)
        else {
          const parsed = parsePolicy(policy.document)
          if (parsed.ok) statements = parsed.statements
          else malformed.push(`${policy.label}: ${parsed.problem}`)
        }
        if (!statements) {
          if (!isBoundary) identityComplete = false
          continue
        }
        if (isBoundary) boundaryAllows = []
        for (const statement of statements) {
          const at: Located = { source: policy.source, policy: policy.label, statement }
          if (statement.effect === 'Deny') {
            const problem = denyProblem(statement)
            if (problem === undefined) restrictingDeny ??= at
            else if (mentionsNetwork(statement)) denyNotCounted.push({ ...locate(at), reason: problem })
          } else if (isBoundary) boundaryAllows!.push(at)
          else identityAllows.push(at)
        }
      }

      const conditioned = (allows: Located[]) => allows.length > 0 && allows.every((a) => a.statement.conditions.some(allowsOnlyFromNetwork))
      const allowEvidence = (allows: Located[]) =>
        allows.map((a) => ({ ...locate(a), conditions: conditionEvidence(a.statement.conditions.filter(allowsOnlyFromNetwork)) }))

      if (restrictingDeny) {
        ctx.pass(row.arn, `${row.user}'s access is denied from outside the allowed networks by ${restrictingDeny.policy} (statement ${restrictingDeny.statement.index})`, {
          evidence: {
            activeKeySlots,
            restrictedBy: { rule: 'deny-outside-network', ...locate(restrictingDeny), effect: 'Deny', conditions: conditionEvidence(restrictingDeny.statement.conditions) },
          },
        })
        continue
      }
      if (boundaryAllows && conditioned(boundaryAllows)) {
        ctx.pass(row.arn, `${row.user}'s permissions boundary allows requests only from the allowed networks`, {
          evidence: { activeKeySlots, restrictedBy: { rule: 'every-allow-conditioned', scope: 'permissions-boundary', allowStatements: allowEvidence(boundaryAllows) } },
        })
        continue
      }
      if (identityComplete && conditioned(identityAllows)) {
        ctx.pass(row.arn, `every Allow statement of ${row.user}'s policies is conditioned on the network origin`, {
          evidence: { activeKeySlots, restrictedBy: { rule: 'every-allow-conditioned', scope: 'identity-policies', allowStatements: allowEvidence(identityAllows) } },
        })
        continue
      }

      const unconditioned = identityAllows.filter((a) => !a.statement.conditions.some(allowsOnlyFromNetwork))
      const breaking = unconditioned.map((a) => `${a.policy}#${a.statement.sid ?? a.statement.index}`)
      if (unknown.length > 0 || malformed.length > 0) {
        // An unreadable document may hold the restricting Deny: "could not decide", not "fail".
        ctx.error(
          row.arn,
          `${row.user}: no network restriction found${breaking.length > 0 ? ` (unconditioned Allow: ${breaking.join(', ')})` : ''}, but some policies could not be examined (${[...unknown, ...malformed].join('; ')})`,
          unknown.length > 0 ? 'PolicyDocumentMissing' : 'PolicyDocumentMalformed',
        )
        continue
      }
      const message =
        unconditioned.length > 0
          ? `${row.user} has an active access key and ${unconditioned.length} Allow statement(s) not bound to a source network (${breaking.join(', ')}), and no Deny restricts it by network origin`
          : `${row.user} has an active access key, no Allow statement conditioned on the source network and no Deny restricting it by network origin`
      ctx.fail(row.arn, message, {
        evidence: {
          activeKeySlots,
          unconditionedAllows: unconditioned.map((a) => ({ ...locate(a), statement: describeStatement(a.statement) })),
          networkDenyNotCounted: denyNotCounted,
          policiesExamined: applied.map((p) => p.label),
        },
      })
    }
  },
})
