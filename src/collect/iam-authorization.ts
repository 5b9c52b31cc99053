// Users, groups, roles and customer-managed policies in one paginated call
// (GetAccountAuthorizationDetails), plus the AWS-managed policies attached to any of them, whose
// documents come from the scan-wide ManagedPolicyCache. The number of calls depends on the size of
// the account's IAM data (pages of up to 1000 items), never on the number of users.
import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type AttachedPolicy,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GroupDetail,
  type ManagedPolicyDetail,
  type PolicyDetail,
  type RoleDetail,
  type Tag,
  type UserDetail,
} from '@aws-sdk/client-iam'
import type { AwsSession } from '../aws/session.js'
import { collectMarkerPages } from '../aws/paginate.js'
import type { AuthorizationDetails, IamGroup, IamRole, IamUser, ManagedPolicy } from '../snapshot/schema.js'
import { isWriteRefused, tagged } from './isolate.js'
import { isAwsManagedPolicyArn, type AwsManagedPolicyVersion, type ManagedPolicyCache } from './managed-policy-cache.js'
import { decodePolicyDocument } from './policy-document.js'
import { isoDate, required } from './response.js'

const OPERATION = 'iam:GetAccountAuthorizationDetails'

const inlinePolicies = (list: PolicyDetail[] | undefined, owner: string) =>
  (list ?? []).map((p) => ({
    name: required(p.PolicyName, `PolicyName of an inline policy of ${owner}`, OPERATION),
    document: decodePolicyDocument(required(p.PolicyDocument, `PolicyDocument of an inline policy of ${owner}`, OPERATION)),
  }))

const attachedPolicies = (list: AttachedPolicy[] | undefined, owner: string) =>
  (list ?? []).map((p) => {
    const arn = required(p.PolicyArn, `PolicyArn of a policy attached to ${owner}`, OPERATION)
    return { name: p.PolicyName ?? nameFromPolicyArn(arn), arn }
  })

const tags = (list: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']))

/** The policy name is the last segment of its ARN (paths come before it). */
function nameFromPolicyArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

function toUser(u: UserDetail): IamUser {
  const arn = required(u.Arn, 'Arn of a user', OPERATION)
  const user: IamUser = {
    name: required(u.UserName, `UserName of ${arn}`, OPERATION),
    id: required(u.UserId, `UserId of ${arn}`, OPERATION),
    arn,
    path: u.Path ?? '/',
    createDate: isoDate(u.CreateDate, `CreateDate of ${arn}`, OPERATION),
    groups: u.GroupList ?? [],
    attachedPolicies: attachedPolicies(u.AttachedManagedPolicies, arn),
    inlinePolicies: inlinePolicies(u.UserPolicyList, arn),
    tags: tags(u.Tags),
  }
  if (u.PermissionsBoundary?.PermissionsBoundaryArn) user.permissionsBoundaryArn = u.PermissionsBoundary.PermissionsBoundaryArn
  return user
}

function toGroup(g: GroupDetail): IamGroup {
  const arn = required(g.Arn, 'Arn of a group', OPERATION)
  return {
    name: required(g.GroupName, `GroupName of ${arn}`, OPERATION),
    id: required(g.GroupId, `GroupId of ${arn}`, OPERATION),
    arn,
    path: g.Path ?? '/',
    attachedPolicies: attachedPolicies(g.AttachedManagedPolicies, arn),
    inlinePolicies: inlinePolicies(g.GroupPolicyList, arn),
  }
}

function toRole(r: RoleDetail): IamRole {
  const arn = required(r.Arn, 'Arn of a role', OPERATION)
  const role: IamRole = {
    name: required(r.RoleName, `RoleName of ${arn}`, OPERATION),
    id: required(r.RoleId, `RoleId of ${arn}`, OPERATION),
    arn,
    path: r.Path ?? '/',
    createDate: isoDate(r.CreateDate, `CreateDate of ${arn}`, OPERATION),
    attachedPolicies: attachedPolicies(r.AttachedManagedPolicies, arn),
    inlinePolicies: inlinePolicies(r.RolePolicyList, arn),
    instanceProfileArns: (r.InstanceProfileList ?? []).flatMap((p) => (p.Arn ? [p.Arn] : [])),
    tags: tags(r.Tags),
  }
  if (r.AssumeRolePolicyDocument !== undefined) role.assumeRolePolicy = decodePolicyDocument(r.AssumeRolePolicyDocument)
  if (r.PermissionsBoundary?.PermissionsBoundaryArn) role.permissionsBoundaryArn = r.PermissionsBoundary.PermissionsBoundaryArn
  return role
}

function toCustomerPolicy(p: ManagedPolicyDetail): ManagedPolicy {
  const arn = required(p.Arn, 'Arn of a managed policy', OPERATION)
  const defaultVersionId = required(p.DefaultVersionId, `DefaultVersionId of ${arn}`, OPERATION)
  // Only the default version is in force; older versions are history.
  const version = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? (p.PolicyVersionList ?? []).find((v) => v.VersionId === defaultVersionId)
  const policy: ManagedPolicy = {
    name: p.PolicyName ?? nameFromPolicyArn(arn),
    arn,
    awsManaged: isAwsManagedPolicyArn(arn),
    attachmentCount: p.AttachmentCount ?? 0,
    defaultVersionId,
  }
  if (version?.Document !== undefined) policy.document = decodePolicyDocument(version.Document)
  return policy
}

async function fetchAwsManagedPolicy(session: AwsSession, arn: string): Promise<AwsManagedPolicyVersion> {
  const iam = session.client('iam')
  const { Policy } = await tagged('iam:GetPolicy', iam.send(new GetPolicyCommand({ PolicyArn: arn })))
  const defaultVersionId = required(Policy?.DefaultVersionId, `DefaultVersionId of ${arn}`, 'iam:GetPolicy')
  const { PolicyVersion } = await tagged('iam:GetPolicyVersion', iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersionId })))
  const document = required(PolicyVersion?.Document, `Document of ${arn} ${defaultVersionId}`, 'iam:GetPolicyVersion')
  return { name: Policy?.PolicyName ?? nameFromPolicyArn(arn), arn, defaultVersionId, document: decodePolicyDocument(document) }
}

/**
 * The AWS-managed policies this account uses: attached to a user, group or role (counted, as AWS's
 * AttachmentCount would be for this account) or set as a user's permissions boundary.
 */
function awsManagedPoliciesInUse(users: IamUser[], groups: IamGroup[], roles: IamRole[]): Map<string, number> {
  const attachments = new Map<string, number>()
  for (const principal of [...users, ...groups, ...roles]) {
    for (const p of principal.attachedPolicies) {
      if (isAwsManagedPolicyArn(p.arn)) attachments.set(p.arn, (attachments.get(p.arn) ?? 0) + 1)
    }
  }
  for (const u of [...users, ...roles]) {
    const boundary = u.permissionsBoundaryArn
    if (boundary && isAwsManagedPolicyArn(boundary) && !attachments.has(boundary)) attachments.set(boundary, 0)
  }
  return attachments
}

async function awsManagedPolicies(session: AwsSession, cache: ManagedPolicyCache, inUse: Map<string, number>): Promise<ManagedPolicy[]> {
  const arns = [...inUse.keys()].sort()
  return Promise.all(
    arns.map(async (arn): Promise<ManagedPolicy> => {
      try {
        const fetched = await cache.get(arn, () => fetchAwsManagedPolicy(session, arn))
        return { name: fetched.name, arn, awsManaged: true, attachmentCount: inUse.get(arn)!, defaultVersionId: fetched.defaultVersionId, document: fetched.document }
      } catch (err) {
        if (isWriteRefused(err)) throw err
        // The schema's way to say "this document could not be read": no `document`. Checks that need
        // it report error (see policy/principal-policies), so the failure is not silent.
        return { name: nameFromPolicyArn(arn), arn, awsManaged: true, attachmentCount: inUse.get(arn)!, defaultVersionId: '' }
      }
    }),
  )
}

export async function readAuthorizationDetails(session: AwsSession, cache: ManagedPolicyCache): Promise<AuthorizationDetails> {
  const iam = session.client('iam')
  const pages: GetAccountAuthorizationDetailsCommandOutput[] = await tagged(
    OPERATION,
    collectMarkerPages((Marker) =>
      iam.send(
        new GetAccountAuthorizationDetailsCommand({
          // LocalManagedPolicy = customer-managed only; AWSManagedPolicy would return all of AWS's
          // ~1,300 policies in every account. The ones in use are fetched once per scan below.
          Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy'],
          MaxItems: 1000,
          ...(Marker !== undefined ? { Marker } : {}),
        }),
      ),
    ),
  )
  const users = pages.flatMap((p) => (p.UserDetailList ?? []).map(toUser))
  const groups = pages.flatMap((p) => (p.GroupDetailList ?? []).map(toGroup))
  const roles = pages.flatMap((p) => (p.RoleDetailList ?? []).map(toRole))
  const listed = pages.flatMap((p) => (p.Policies ?? []).map(toCustomerPolicy))
  // The filter excludes AWS-managed policies; should an endpoint return some anyway, use them as
  // listed rather than fetching them again.
  const inUse = awsManagedPoliciesInUse(users, groups, roles)
  for (const p of listed) inUse.delete(p.arn)
  const managed = await awsManagedPolicies(session, cache, inUse)
  return { users, groups, roles, policies: [...listed, ...managed] }
}
