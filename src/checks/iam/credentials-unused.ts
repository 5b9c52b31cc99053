import { z } from 'zod'
import { defineCheck } from '../define.js'

const DAY_MS = 86_400_000

interface CredentialUse {
  credential: string
  /** Last use, or null when never used. */
  lastUsed: string | null
  /** When never used: since when the credential has existed (password set / key created). */
  since: string | null
  idleDays: number | null
}

export default defineCheck({
  id: 'iam.credentials-unused',
  title: 'Credentials unused for the configured period are disabled',
  description:
    'For every IAM user (not root), fails when an enabled console password or an active access key has not been used for `maxUnusedDays` days or more. A credential that was never used counts from when it was set (password_last_changed, else user creation; key last rotated). One finding per user that holds any enabled credential; the evidence lists each credential with its last use and idle days.',
  rationale:
    'Credentials of people who left or of retired automation keep working until someone disables them; an idle credential gives an attacker access that nobody would miss or notice.',
  remediation:
    'For an idle password: IAM console → Users → <user> → Security credentials → Console sign-in → Disable, or `aws iam delete-login-profile --user-name <user>`. For an idle key: `aws iam update-access-key --user-name <user> --access-key-id <key id> --status Inactive`, then delete it once nothing breaks (`aws iam delete-access-key …`). Remove the user entirely if nobody owns it.',
  scope: 'account',
  remediationId: 'iam-revoke-unused-credentials',
  requires: ['iam.credentialReport'],
  options: z.strictObject({ maxUnusedDays: z.number().int().positive() }),
  evaluate(_input, ctx) {
    const limit = ctx.options.maxUnusedDays
    const idleDays = (iso: string | null): number | null => {
      if (iso === null) return null
      const at = Date.parse(iso)
      if (Number.isNaN(at)) throw new Error(`credential report date "${iso}" is not a date`)
      return Math.floor((ctx.now.getTime() - at) / DAY_MS)
    }
    for (const u of ctx.read('iam.credentialReport').users) {
      if (u.isRoot) continue
      const uses: CredentialUse[] = []
      if (u.passwordEnabled === true) {
        const since = u.passwordLastUsed === null ? (u.passwordLastChanged ?? u.userCreationTime) : null
        uses.push({ credential: 'console password', lastUsed: u.passwordLastUsed, since, idleDays: idleDays(u.passwordLastUsed ?? since) })
      }
      for (const k of u.accessKeys) {
        if (!k.active) continue
        const since = k.lastUsedDate === null ? (k.lastRotated ?? u.userCreationTime) : null
        uses.push({ credential: `access key ${k.slot}`, lastUsed: k.lastUsedDate, since, idleDays: idleDays(k.lastUsedDate ?? since) })
      }
      if (uses.length === 0) continue
      const evidence = { maxUnusedDays: limit, evaluatedAt: ctx.now.toISOString(), credentials: uses }
      const unknown = uses.filter((c) => c.idleDays === null)
      const idle = uses.filter((c) => c.idleDays !== null && c.idleDays >= limit)
      if (idle.length > 0) {
        ctx.fail(u.arn, `${u.user}: ${idle.map((c) => `${c.credential} ${c.lastUsed === null ? 'never used' : 'unused'} for ${c.idleDays} days`).join('; ')} (limit ${limit})`, { evidence })
      } else if (unknown.length > 0) {
        ctx.error(u.arn, `${u.user}: no usage or creation date for ${unknown.map((c) => c.credential).join(', ')}`, 'CredentialDateMissing')
      } else {
        ctx.pass(u.arn, `${u.user}: every enabled credential was used in the last ${limit} days`, { evidence })
      }
    }
  },
})
