// Which policy documents apply to an IAM user: its own inline and managed policies, those of its
// groups, and its permissions boundary. A document that the snapshot does not hold is returned as
// such (`document: undefined` with the reason), so a check can say "could not decide" instead of
// treating an unknown policy as empty.
import type { AuthorizationDetails, IamRole, IamUser, ManagedPolicy, PolicyDocument } from '../snapshot/schema.js'

export type PolicySource = 'user-inline' | 'user-managed' | 'group-inline' | 'group-managed' | 'role-inline' | 'role-managed' | 'permissions-boundary'

export interface AppliedPolicy {
  source: PolicySource
  /** Policy name (inline) or ARN (managed), prefixed with the group for group policies. */
  label: string
  /** The group it comes through (group-inline, group-managed). */
  group?: string
  document: PolicyDocument | undefined
  /** Why the document is unknown, when it is. */
  missing?: string
}

export function managedPoliciesByArn(details: AuthorizationDetails): Map<string, ManagedPolicy> {
  return new Map(details.policies.map((p) => [p.arn, p]))
}

function managed(source: PolicySource, label: string, arn: string, byArn: Map<string, ManagedPolicy>): AppliedPolicy {
  const policy = byArn.get(arn)
  if (!policy) return { source, label, document: undefined, missing: `${arn} is not in the snapshot's policy list` }
  if (!policy.document) return { source, label, document: undefined, missing: `the document of ${arn} could not be read` }
  return { source, label, document: policy.document }
}

/** Every policy that applies to the user, in a fixed order (user, groups, boundary). */
export function policiesOfUser(user: IamUser, details: AuthorizationDetails, byArn = managedPoliciesByArn(details)): AppliedPolicy[] {
  const out: AppliedPolicy[] = []
  for (const p of user.inlinePolicies) out.push({ source: 'user-inline', label: p.name, document: p.document })
  for (const p of user.attachedPolicies) out.push(managed('user-managed', p.arn, p.arn, byArn))
  for (const groupName of user.groups) {
    const group = details.groups.find((g) => g.name === groupName)
    if (!group) {
      out.push({ source: 'group-inline', label: `group ${groupName}`, group: groupName, document: undefined, missing: `group ${groupName} is not in the snapshot` })
      continue
    }
    for (const p of group.inlinePolicies) out.push({ source: 'group-inline', label: `${groupName}/${p.name}`, group: groupName, document: p.document })
    for (const p of group.attachedPolicies) out.push({ ...managed('group-managed', `${groupName}/${p.arn}`, p.arn, byArn), group: groupName })
  }
  if (user.permissionsBoundaryArn) out.push(managed('permissions-boundary', user.permissionsBoundaryArn, user.permissionsBoundaryArn, byArn))
  return out
}

/** Every policy that applies to the role's sessions: its inline and managed policies, and its boundary. */
export function policiesOfRole(role: IamRole, details: AuthorizationDetails, byArn = managedPoliciesByArn(details)): AppliedPolicy[] {
  const out: AppliedPolicy[] = []
  for (const p of role.inlinePolicies) out.push({ source: 'role-inline', label: p.name, document: p.document })
  for (const p of role.attachedPolicies) out.push(managed('role-managed', p.arn, p.arn, byArn))
  if (role.permissionsBoundaryArn) out.push(managed('permissions-boundary', role.permissionsBoundaryArn, role.permissionsBoundaryArn, byArn))
  return out
}
