import { z } from 'zod'
import { defineCheck } from '../define.js'

const HOUR_MS = 3_600_000

export default defineCheck({
  id: 'iam.access-key-at-setup',
  title: 'Console users have no unused access key created at setup',
  description:
    "For every IAM user with a console password, fails when an active access key was created within `setupWindowHours` of the user (credential report: access_key_N_last_rotated vs user_creation_time) and has never been used. One finding per console user; the evidence lists each key slot's dates.",
  rationale:
    "The console's user wizard makes it easy to hand out an access key \"just in case\"; a key nobody uses is a standing credential that only an attacker will ever exercise, and people who work in the console do not need one.",
  remediation:
    'Confirm with the user that the key is not needed, then delete it: IAM console → Users → <user> → Security credentials → Access keys → Actions → Delete, or `aws iam list-access-keys --user-name <user>` and `aws iam delete-access-key --user-name <user> --access-key-id <key id>`. Create keys later only when a real use appears (prefer roles).',
  scope: 'account',
  requires: ['iam.credentialReport'],
  options: z.strictObject({ setupWindowHours: z.number().positive() }),
  evaluate(_input, ctx) {
    const windowMs = ctx.options.setupWindowHours * HOUR_MS
    for (const u of ctx.read('iam.credentialReport').users) {
      if (u.isRoot || u.passwordEnabled !== true) continue
      const activeKeys = u.accessKeys.filter((k) => k.active)
      // Stryker disable next-line ConditionalExpression: Date.parse(null) is NaN too, so skipping the null test changes nothing
      const created = u.userCreationTime === null ? NaN : Date.parse(u.userCreationTime)
      if (activeKeys.length > 0 && Number.isNaN(created)) {
        ctx.error(u.arn, `${u.user}: the credential report has no usable user creation time (${u.userCreationTime ?? 'N/A'})`, 'UserCreationTimeMissing')
        continue
      }
      const slots = activeKeys.map((k) => {
        // Stryker disable next-line ConditionalExpression: Date.parse(null) is NaN too, so skipping the null test changes nothing
        const rotated = k.lastRotated === null ? NaN : Date.parse(k.lastRotated)
        return { slot: k.slot, createdAt: k.lastRotated, lastUsedDate: k.lastUsedDate, atSetup: !Number.isNaN(rotated) && rotated - created <= windowMs, unknownDate: Number.isNaN(rotated) }
      })
      const offending = slots.filter((s) => s.atSetup && s.lastUsedDate === null)
      const unknown = slots.filter((s) => s.unknownDate && s.lastUsedDate === null)
      const evidence = { userCreationTime: u.userCreationTime, setupWindowHours: ctx.options.setupWindowHours, activeKeys: slots.map(({ slot, createdAt, lastUsedDate }) => ({ slot, createdAt, lastUsedDate })) }
      if (offending.length > 0) {
        ctx.fail(u.arn, `${u.user} has a console password and an access key created at setup that was never used (slot ${offending.map((s) => s.slot).join(', ')})`, { evidence })
      } else if (unknown.length > 0) {
        ctx.error(u.arn, `${u.user}: active access key slot ${unknown.map((s) => s.slot).join(', ')} has no creation date in the credential report`, 'KeyDateMissing')
      } else {
        ctx.pass(u.arn, `${u.user} has no never-used access key from setup`, { evidence })
      }
    }
  },
})
