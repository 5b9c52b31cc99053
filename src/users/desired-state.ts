// The desired Linux users of one sync, computed once, centrally, from IAM: members of the login
// groups (sudo groups grant login too), their active public keys, their Linux names and UIDs. Pure:
// the IAM reads happen before (src/users/read-iam.ts), the registry is passed in and handed back.
// The result is what the sync script receives (desiredStateSchema), plus the problems to report.
import { z } from 'zod'
import { linuxNameFor } from './names.js'
import { checkPublicKey } from './ssh-keys.js'
import { assignUids, type UidRegistry } from './uid-registry.js'

export const HOME_ON_REMOVE = ['keep', 'archive', 'delete'] as const

export const desiredUserSchema = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}$/),
  uid: z.number().int().positive(),
  sudo: z.boolean(),
  groups: z.array(z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/)).describe('Extra local groups (created if missing)'),
  keys: z.array(z.string()).describe('authorized_keys lines: "<type> <base64>"'),
  iamName: z.string().describe('For reports only; never used as a name or in a command'),
})

export const desiredStateSchema = z.strictObject({
  version: z.literal(1),
  generatedAt: z.string(),
  markerGroup: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/).describe('Every managed user is in this group; users outside it are never touched'),
  uidMin: z.number().int().positive().describe('Users below this UID are never touched'),
  homeOnRemove: z.enum(HOME_ON_REMOVE),
  maxDeleteShare: z.number().min(0).max(1).describe('Refuse a run that would delete more than this share of the managed users'),
  allowEmpty: z.boolean().describe('An empty user list is refused unless this is true (an IAM outage must not delete everyone)'),
  users: z.array(desiredUserSchema),
})
export type DesiredState = z.infer<typeof desiredStateSchema>
export type DesiredUser = z.infer<typeof desiredUserSchema>

export interface IamMember {
  userName: string
  userId: string
}

export interface IamSshKey {
  id: string
  status: 'Active' | 'Inactive'
  body: string
  /** Why the source did not even read it (e.g. an oversized S3 object); reported as a problem. */
  refused?: string
}

export interface UsersSettings {
  loginGroups: readonly string[]
  sudoGroups: readonly string[]
  extraGroups: readonly string[]
  markerGroup: string
  uidRange: { min: number; max: number }
  homeOnRemove: (typeof HOME_ON_REMOVE)[number]
  maxDeleteShare: number
  allowEmpty: boolean
}

export interface DesiredStateInput {
  settings: UsersSettings
  /** IAM group name → its members. */
  members: ReadonlyMap<string, readonly IamMember[]>
  /** IAM user name → its SSH public keys. */
  keys: ReadonlyMap<string, readonly IamSshKey[]>
  registry: UidRegistry
  now: Date
}

export interface Problem {
  iamName: string
  reason: string
  /** A private key at the key source: refused, and the key should be revoked. */
  privateKey?: true
}

export interface DesiredStateResult {
  state: DesiredState
  registry: UidRegistry
  problems: Problem[]
}

export function computeDesiredState(input: DesiredStateInput): DesiredStateResult {
  const { settings } = input
  const problems: Problem[] = []
  const wanted = new Map<string, { member: IamMember; sudo: boolean }>()
  for (const [groups, sudo] of [
    [settings.loginGroups, false],
    [settings.sudoGroups, true],
  ] as const) {
    for (const group of groups) {
      for (const member of input.members.get(group) ?? []) {
        const seen = wanted.get(member.userId)
        wanted.set(member.userId, { member, sudo: sudo || (seen?.sudo ?? false) })
      }
    }
  }
  const named: { member: IamMember; sudo: boolean; linuxName: string }[] = []
  for (const { member, sudo } of wanted.values()) {
    const mapped = linuxNameFor(member.userName)
    if (!mapped.ok) problems.push({ iamName: member.userName, reason: mapped.reason })
    else named.push({ member, sudo, linuxName: mapped.name })
  }
  const uids = assignUids(input.registry, named.map((n) => ({ iamUserId: n.member.userId, iamName: n.member.userName, linuxName: n.linuxName })), settings.uidRange, input.now)
  problems.push(...uids.problems)
  const users: DesiredUser[] = []
  for (const n of named) {
    const got = uids.assigned.get(n.member.userId)
    if (!got) continue
    const keys: string[] = []
    for (const key of input.keys.get(n.member.userName) ?? []) {
      if (key.status !== 'Active') continue
      if (key.refused !== undefined) {
        problems.push({ iamName: n.member.userName, reason: `SSH key ${key.id}: ${key.refused}` })
        continue
      }
      const checked = checkPublicKey(key.body)
      if (checked.ok) keys.push(checked.line)
      else problems.push({ iamName: n.member.userName, reason: `SSH key ${key.id}: ${checked.reason}`, ...(checked.privateKey ? { privateKey: true as const } : {}) })
    }
    users.push({ name: got.linuxName, uid: got.uid, sudo: n.sudo, groups: [...settings.extraGroups], keys, iamName: n.member.userName })
  }
  users.sort((a, b) => a.uid - b.uid)
  return {
    state: {
      version: 1,
      generatedAt: input.now.toISOString(),
      markerGroup: settings.markerGroup,
      uidMin: settings.uidRange.min,
      homeOnRemove: settings.homeOnRemove,
      maxDeleteShare: settings.maxDeleteShare,
      allowEmpty: settings.allowEmpty,
      users,
    },
    registry: uids.registry,
    problems,
  }
}
