// The access map (access-map.json): for every human principal, the roles it can assume anywhere in
// the organization, the instances it can open a session on (and as which OS user), the instances it
// can push an SSH key to with EC2 Instance Connect, and its Linux accounts from the user sync; and the
// same, inverted, per instance. Every path carries its explanation (the statements that allowed each
// hop) and the conditions the snapshot cannot decide. It is the input of `guardrail access review`.
import { z } from 'zod'

const verdict = z.enum(['allowed', 'conditional'])

export const citeSchema = z.strictObject({
  account: z.string(),
  kind: z.enum(['identity', 'permissions-boundary', 'scp', 'trust']),
  policy: z.string(),
  statement: z.number().int().nonnegative(),
  sid: z.string().optional(),
  group: z.string().optional(),
})
export type Cite = z.infer<typeof citeSchema>

/** One hop: principal → role (sts:AssumeRole), with why. */
export const hopSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  verdict,
  reason: z.string(),
  allowedBy: z.array(citeSchema),
  conditions: z.array(z.string()),
})
export type Hop = z.infer<typeof hopSchema>

/** How a principal reaches something: directly, or through a chain of roles. */
const viaSchema = z.array(z.string()).describe('Role ARNs assumed on the way, in order; empty when the principal acts itself')

export const roleAccessSchema = z.strictObject({
  roleArn: z.string(),
  account: z.string(),
  verdict,
  via: viaSchema,
  hops: z.array(hopSchema),
  conditions: z.array(z.string()),
  /** IAM groups whose policies granted the first hop (revoking: remove the user from them). */
  groups: z.array(z.string()),
})
export type RoleAccess = z.infer<typeof roleAccessSchema>

export const instanceRefSchema = z.strictObject({
  instanceId: z.string(),
  account: z.string(),
  region: z.string(),
  name: z.string().optional(),
})

export const sessionAccessSchema = instanceRefSchema.extend({
  path: z.enum(['session-manager', 'instance-connect']),
  verdict,
  /** The principal that makes the call: the user itself or the last role of `via`. */
  actor: z.string(),
  via: viaSchema,
  /** Session Manager: the OS user the session runs as; Instance Connect: the OS user if a policy pins it (ec2:osuser). */
  osUser: z.string().optional(),
  osUserSource: z.string().optional(),
  /** Session Manager: does the region send session logs to S3 or CloudWatch Logs? 'unknown' when its preferences could not be read. */
  logged: z.union([z.boolean(), z.literal('unknown')]).optional(),
  allowedBy: z.array(citeSchema),
  conditions: z.array(z.string()),
  groups: z.array(z.string()),
})
export type SessionAccess = z.infer<typeof sessionAccessSchema>

export const linuxAccessSchema = instanceRefSchema.extend({
  path: z.literal('linux-account'),
  linuxName: z.string(),
  sudo: z.boolean(),
  /** The IAM groups that give it (users.loginGroups / users.sudoGroups). */
  groups: z.array(z.string()),
  /** CIDRs its security groups open port 22 to; empty: not reachable over SSH from any CIDR. */
  sshOpenTo: z.array(z.string()),
  /** The last user sync on the instance (Run Command status), if any. */
  lastSync: z.string().optional(),
})
export type LinuxAccess = z.infer<typeof linuxAccessSchema>

export const accessKeySchema = z.strictObject({
  slot: z.number().int(),
  active: z.boolean(),
  ageDays: z.number().int().optional(),
  lastUsed: z.string().nullable(),
})

export const principalEntrySchema = z.strictObject({
  arn: z.string(),
  kind: z.literal('iam-user'),
  account: z.string(),
  name: z.string(),
  owner: z.string().optional(),
  groups: z.array(z.string()),
  tags: z.record(z.string(), z.string()),
  console: z.strictObject({ enabled: z.boolean().nullable(), lastUsed: z.string().nullable(), mfa: z.boolean().nullable() }),
  accessKeys: z.array(accessKeySchema),
  /** Newest of console and key use; null when never used, absent when unknown. */
  lastUsed: z.string().nullable().optional(),
  roles: z.array(roleAccessSchema),
  sessions: z.array(sessionAccessSchema),
  linuxAccounts: z.array(linuxAccessSchema),
})
export type PrincipalEntry = z.infer<typeof principalEntrySchema>

export const instanceEntrySchema = instanceRefSchema.extend({
  state: z.string(),
  sshOpenTo: z.array(z.string()),
  access: z.array(
    z.strictObject({
      principal: z.string(),
      path: z.enum(['session-manager', 'instance-connect', 'linux-account']),
      verdict,
      via: z.array(z.string()),
      osUser: z.string().optional(),
      sudo: z.boolean().optional(),
    }),
  ),
})
export type InstanceEntry = z.infer<typeof instanceEntrySchema>

export const accessMapSchema = z.strictObject({
  kind: z.literal('guardrail-access-map'),
  version: z.literal(1),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  generatedAt: z.string(),
  snapshotFinishedAt: z.string(),
  identityAccounts: z.array(z.string()),
  principals: z.array(principalEntrySchema),
  instances: z.array(instanceEntrySchema),
  /** What the map could not see (an account without IAM data, a region without instances data, …): a path there may be missing. */
  gaps: z.array(z.strictObject({ account: z.string(), region: z.string().optional(), what: z.string() })),
  stats: z.strictObject({ principals: z.number(), roles: z.number(), instances: z.number(), assumeEvaluations: z.number(), sessionEvaluations: z.number() }),
})
export type AccessMap = z.infer<typeof accessMapSchema>
