import { z } from 'zod'
import { defineCheck } from '../define.js'

const DAY_MS = 86_400_000

export default defineCheck({
  id: 'iam.access-key-rotation',
  title: 'Active access keys are rotated',
  description:
    "For every IAM user (not root) with an active access key, fails when an active key is `maxAgeDays` days old or older (credential report access_key_N_last_rotated against the evaluation time). One finding per user; the evidence lists each active key slot's age. An active key with no creation date is an error, not a pass.",
  rationale:
    'An access key is a password that never expires and is copied into scripts, CI systems and laptops; the older it is, the more places it has leaked to. Regular rotation bounds how long a leaked key stays useful.',
  remediation:
    'Rotate each old key: `aws iam create-access-key --user-name <user>`, deploy the new key to every consumer, check the old key is no longer used (`aws iam get-access-key-last-used --access-key-id <old key id>`), then `aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive` and `aws iam delete-access-key --user-name <user> --access-key-id <old key id>`. Better: replace the key with an IAM role (instance profile, IAM Roles Anywhere, OIDC federation).',
  scope: 'account',
  requires: ['iam.credentialReport'],
  options: z.strictObject({ maxAgeDays: z.number().int().positive() }),
  evaluate(_input, ctx) {
    const limit = ctx.options.maxAgeDays
    for (const u of ctx.read('iam.credentialReport').users) {
      if (u.isRoot) continue
      const active = u.accessKeys.filter((k) => k.active)
      if (active.length === 0) continue
      const keys = active.map((k) => {
        // Stryker disable next-line ConditionalExpression: Date.parse(null) is NaN too, so skipping the null test changes nothing
        const at = k.lastRotated === null ? NaN : Date.parse(k.lastRotated)
        return { slot: k.slot, lastRotated: k.lastRotated, ageDays: Number.isNaN(at) ? null : Math.floor((ctx.now.getTime() - at) / DAY_MS) }
      })
      const evidence = { maxAgeDays: limit, evaluatedAt: ctx.now.toISOString(), activeKeys: keys }
      const old = keys.filter((k) => k.ageDays !== null && k.ageDays >= limit)
      const unknown = keys.filter((k) => k.ageDays === null)
      if (old.length > 0) ctx.fail(u.arn, `${u.user}: ${old.map((k) => `access key ${k.slot} is ${k.ageDays} days old`).join('; ')} (limit ${limit})`, { evidence })
      else if (unknown.length > 0) ctx.error(u.arn, `${u.user}: active access key slot ${unknown.map((k) => k.slot).join(', ')} has no creation date in the credential report`, 'KeyDateMissing')
      else ctx.pass(u.arn, `${u.user}: every active access key is younger than ${limit} days`, { evidence })
    }
  },
})
