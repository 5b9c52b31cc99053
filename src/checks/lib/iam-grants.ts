// Which IAM policies in an account grant a given action, statement by statement: the shared part of
// the checks that judge *how* an action is granted (ssm.start-session-scoped, ssm.terminate-own-sessions).
// The policies examined are those that can take effect: managed policies attached to someone and the
// inline policies of users, groups and roles (the same set and resource naming as iam.no-admin-star).
// A policy whose document is missing or malformed is returned as such, so the check can say "could
// not decide" for it instead of treating it as granting nothing.
import { parsePolicy, type Statement } from '../../policy/document.js'
import { actionMatches } from '../../policy/wildcard.js'
import type { AuthorizationDetails, PolicyDocument } from '../../snapshot/iam.js'
import type { CheckContext } from '../define.js'

export interface PolicyInUse {
  /** The policy ARN, or `<principal ARN>#inline-policy/<name>` for an inline policy. */
  resource: string
  /** "Managed policy <name>" / "Inline policy <name> of role <role>", for messages. */
  label: string
  /** Who holds it (principal ARNs), plus what identifies it, for evidence. */
  evidence: Record<string, unknown>
}

export type PolicyReading =
  | { policy: PolicyInUse; statements: Statement[] }
  | { policy: PolicyInUse; unreadable: { message: string; code: string } }

/** Every policy that can take effect in the account, parsed; in a fixed order (managed, then inline by principal). */
export function readPoliciesInUse(details: AuthorizationDetails): PolicyReading[] {
  const principals = [
    ...details.users.map((p) => ({ kind: 'user', ...p })),
    ...details.groups.map((p) => ({ kind: 'group', ...p })),
    ...details.roles.map((p) => ({ kind: 'role', ...p })),
  ]
  const holders = new Map<string, string[]>()
  for (const p of principals) for (const a of p.attachedPolicies) holders.set(a.arn, [...(holders.get(a.arn) ?? []), p.arn])

  const out: PolicyReading[] = []
  const read = (policy: PolicyInUse, document: PolicyDocument) => {
    const parsed = parsePolicy(document)
    if (parsed.ok) out.push({ policy, statements: parsed.statements })
    else out.push({ policy, unreadable: { message: `${policy.label}: the policy document cannot be interpreted (${parsed.problem})`, code: 'PolicyDocumentMalformed' } })
  }

  const known = new Set<string>()
  for (const managed of details.policies) {
    known.add(managed.arn)
    const attachedTo = holders.get(managed.arn) ?? []
    if (managed.attachmentCount === 0 && attachedTo.length === 0) continue
    const policy: PolicyInUse = { resource: managed.arn, label: `Managed policy ${managed.name}`, evidence: { policyArn: managed.arn, awsManaged: managed.awsManaged, attachedTo } }
    if (managed.document) read(policy, managed.document)
    else out.push({ policy, unreadable: { message: `${managed.name} is attached but its document (version ${managed.defaultVersionId}) is not in the snapshot`, code: 'PolicyDocumentMissing' } })
  }
  for (const [arn, attachedTo] of holders) {
    if (known.has(arn)) continue
    const policy: PolicyInUse = { resource: arn, label: `Managed policy ${arn}`, evidence: { policyArn: arn, attachedTo } }
    out.push({ policy, unreadable: { message: `${arn} is attached to ${attachedTo.join(', ')} but the policy is not in the snapshot`, code: 'PolicyNotInSnapshot' } })
  }
  for (const p of principals) {
    for (const inline of p.inlinePolicies) {
      const policy: PolicyInUse = {
        resource: `${p.arn}#inline-policy/${inline.name}`,
        label: `Inline policy ${inline.name} of ${p.kind} ${p.name}`,
        evidence: { principalArn: p.arn, principalType: p.kind, policyName: inline.name },
      }
      read(policy, inline.document)
    }
  }
  return out
}

/** Does the statement allow the action (Action patterns, or NotAction that leaves it out)? Conditions are not evaluated here. */
export function allowsAction(s: Statement, action: string): boolean {
  if (s.effect !== 'Allow') return false
  if (s.action) return s.action.some((pattern) => actionMatches(pattern, action))
  return !(s.notAction ?? []).some((pattern) => actionMatches(pattern, action))
}

// ---------------------------------------------------------------------------------------------
// Resource patterns versus the shape of an ARN.

/** One token of an ARN shape: a literal character, or a run of characters within one ARN field (no ':'). */
type ShapeToken = string | typeof FIELD

const FIELD = Symbol('any characters within one ARN field')

/** 'arn:{}:ec2:{}:{}:instance/i-0123' → tokens, each `{}` standing for any value of that field. */
export function arnShape(template: string): ShapeToken[] {
  const tokens: ShapeToken[] = []
  for (let i = 0; i < template.length; i++) {
    if (template.startsWith('{}', i)) {
      tokens.push(FIELD)
      i++
    } else tokens.push(template[i]!)
  }
  return tokens
}

/**
 * Could an IAM resource pattern ('*' any run, '?' one character, both crossing ':' as IAM's do)
 * match some ARN of the given shape? Decided exactly, over every value the shape's fields can take,
 * by walking both at once (memoised: linear in the product of their lengths). Policy variables
 * (`${aws:username}`) are taken literally: they resolve to one value per request, not to a wildcard.
 */
export function patternMeetsShape(pattern: string, shape: readonly ShapeToken[]): boolean {
  const memo = new Map<number, boolean>()
  const width = shape.length + 1
  const meet = (i: number, j: number): boolean => {
    const key = i * width + j
    const known = memo.get(key)
    if (known !== undefined) return known
    let result: boolean
    const p = pattern[i]
    const q = shape[j]
    if (i === pattern.length && j === shape.length) result = true
    else if (p === '*') result = meet(i + 1, j) || (j < shape.length && meet(i, j + 1))
    else if (q === FIELD) result = meet(i, j + 1) || (p !== undefined && p !== ':' && meet(i + 1, j))
    else if (p === undefined || q === undefined) result = false
    else result = (p === '?' || p === q) && meet(i + 1, j + 1)
    memo.set(key, result)
    return result
  }
  return meet(0, 0)
}

/**
 * Every policy in use that has statements `grants` selects, handed to `judge` with those statements;
 * a policy that cannot be read is an error on that policy; none at all is `notApplicable` with
 * `noneMessage`. The loop both IAM-grant checks share: only the judging differs.
 */
export function judgeGrantingPolicies(
  ctx: CheckContext<unknown>,
  details: AuthorizationDetails,
  grants: (s: Statement) => boolean,
  judge: (policy: PolicyInUse, granting: Statement[]) => void,
  noneMessage: string,
): void {
  let judged = 0
  for (const reading of readPoliciesInUse(details)) {
    const { policy } = reading
    if ('unreadable' in reading) {
      ctx.error(policy.resource, reading.unreadable.message, reading.unreadable.code)
      judged++
      continue
    }
    const granting = reading.statements.filter(grants)
    if (granting.length === 0) continue
    judged++
    judge(policy, granting)
  }
  if (judged === 0) ctx.notApplicable(ctx.accountArn, noneMessage)
}
