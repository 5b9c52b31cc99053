// users plan: the desired state of one sync, the instances it goes to, and what changes compared with
// the last applied sync — hashed like a remediation plan, so apply runs exactly what was reviewed.
import { z } from 'zod'
import { gzipSync } from 'node:zlib'
import { canonicalJson, hashOfPlan } from '../remediate/canonical-json.js'
import { desiredStateSchema, type DesiredState, type Problem } from './desired-state.js'
import { desiredStateBytes, desiredStateObject, type DesiredStateStore } from './desired-state-store.js'
import type { UidRegistry } from './uid-registry.js'

export const usersTargetSchema = z.strictObject({ accountId: z.string().regex(/^\d{12}$/), region: z.string(), tag: z.strictObject({ key: z.string(), value: z.string() }) })

export const usersPlanSchema = z.strictObject({
  planVersion: z.literal(1),
  kind: z.literal('users'),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  createdAt: z.string().datetime(),
  identityAccount: z.string(),
  keySource: z.string().describe('Where the public keys came from: IAM, or an S3 prefix'),
  desired: desiredStateSchema,
  targets: z.array(usersTargetSchema).min(1),
  changes: z.strictObject({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    sudoGranted: z.array(z.string()),
    sudoRevoked: z.array(z.string()),
    keysChanged: z.array(z.string()),
  }),
  problems: z.array(z.strictObject({ iamName: z.string(), reason: z.string(), privateKey: z.literal(true).optional() })),
  iamCalls: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
})
export type UsersPlan = z.infer<typeof usersPlanSchema>
export type UsersTarget = z.infer<typeof usersTargetSchema>

export function usersPlanHash(plan: Omit<UsersPlan, 'hash'> | UsersPlan): string {
  return hashOfPlan(plan)
}

/** What changes compared with the last applied sync (everything is "added" the first time). */
export function changesSince(last: UidRegistry['lastApplied'], desired: DesiredState): UsersPlan['changes'] {
  const before = new Map((last?.users ?? []).map((u) => [u.name, u]))
  const now = new Map(desired.users.map((u) => [u.name, u]))
  const changes: UsersPlan['changes'] = { added: [], removed: [], sudoGranted: [], sudoRevoked: [], keysChanged: [] }
  for (const u of desired.users) {
    const was = before.get(u.name)
    if (!was) {
      changes.added.push(u.name)
      continue
    }
    if (u.sudo && !was.sudo) changes.sudoGranted.push(u.name)
    if (!u.sudo && was.sudo) changes.sudoRevoked.push(u.name)
    if (canonicalJson(u.keys) !== canonicalJson(was.keys)) changes.keysChanged.push(u.name)
  }
  for (const name of before.keys()) if (!now.has(name)) changes.removed.push(name)
  return changes
}

export function buildUsersPlan(input: { desired: DesiredState; problems: Problem[]; targets: UsersTarget[]; registry: UidRegistry; identityAccount: string; keySource: string; iamCalls: number; tool: UsersPlan['tool']; now: Date }): UsersPlan {
  const body: Omit<UsersPlan, 'hash'> = {
    planVersion: 1,
    kind: 'users',
    tool: input.tool,
    createdAt: input.now.toISOString(),
    identityAccount: input.identityAccount,
    keySource: input.keySource,
    desired: input.desired,
    targets: input.targets,
    changes: changesSince(input.registry.lastApplied, input.desired),
    problems: input.problems,
    iamCalls: input.iamCalls,
  }
  return { ...body, hash: usersPlanHash(body) }
}

export function renderUsersPlan(plan: UsersPlan, file: string, store?: DesiredStateStore): string {
  const d = plan.desired
  const c = plan.changes
  const lines = [
    `Users plan ${plan.hash.slice(0, 12)} — ${d.users.length} user(s), ${d.users.filter((u) => u.sudo).length} with sudo, for ${plan.targets.length} instance group(s); ${plan.iamCalls} IAM calls in ${plan.identityAccount}`,
    `  keys from ${plan.keySource}`,
    ...plan.targets.map((t) => `  instances tagged ${t.tag.key}=${t.tag.value} in ${t.accountId} ${t.region}`),
    '',
    ...c.added.map((n) => `  + ${n} (uid ${d.users.find((u) => u.name === n)!.uid}${d.users.find((u) => u.name === n)!.sudo ? ', sudo' : ''})`),
    ...c.sudoGranted.map((n) => `  ~ ${n}: sudo granted`),
    ...c.sudoRevoked.map((n) => `  ~ ${n}: sudo revoked`),
    ...c.keysChanged.map((n) => `  ~ ${n}: keys changed`),
    ...c.removed.map((n) => `  - ${n}: removed (home: ${d.homeOnRemove})`),
  ]
  if (Object.values(c).every((x) => x.length === 0)) lines.push('  No change since the last applied sync.')
  if (plan.problems.length > 0) {
    lines.push('', 'Problems (a user with a name or UID problem gets no account; a refused key is left out):')
    for (const p of plan.problems) lines.push(`  - ${p.iamName}: ${p.reason}${p.privateKey ? ' — REVOKE THIS KEY' : ''}`)
  }
  // Inline, the desired state travels as a document parameter (gzip + base64): its size is shown so a
  // state that grows towards SSM's parameter limits is seen at review, not at apply. With a store it
  // goes to S3 instead, and the reviewer sees where.
  if (store) {
    const object = desiredStateObject(store, plan.hash)
    lines.push('', `Desired state: ${(Buffer.byteLength(desiredStateBytes(d)) / 1024).toFixed(1)} KiB, handed over through S3: users apply writes s3://${object.bucket}/${object.key} and the instances refuse it unless its SHA-256 matches.`)
  } else {
    const encoded = Math.ceil((gzipSync(JSON.stringify(d)).length * 4) / 3)
    lines.push('', `Desired state: ${(encoded / 1024).toFixed(1)} KiB as the SSM parameter (gzip + base64).`)
  }
  lines.push('', `Plan written to ${file}. Nothing has changed on any server. Review it, then: guardrail users apply ${file}`)
  return `${lines.join('\n')}\n`
}
