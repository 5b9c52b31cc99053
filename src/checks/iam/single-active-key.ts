import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.single-active-key',
  title: 'No user has more than one active access key',
  description:
    'For every IAM user (not root) with an active access key, fails when both access-key slots of the credential report are active. One finding per user; the evidence lists the active slots with their creation and last-use dates.',
  rationale:
    'Two active keys are only needed for the minutes of a rotation; a permanent second key doubles the exposure and usually means an old key was never retired after a rotation.',
  remediation:
    "Find which key is still in use (`aws iam list-access-keys --user-name <user>`, then `aws iam get-access-key-last-used --access-key-id <key id>` for each), move every consumer to one key, then `aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive` and, once nothing breaks, `aws iam delete-access-key --user-name <user> --access-key-id <old key id>`.",
  scope: 'account',
  requires: ['iam.credentialReport'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    for (const u of ctx.read('iam.credentialReport').users) {
      if (u.isRoot) continue
      const active = u.accessKeys.filter((k) => k.active).map((k) => ({ slot: k.slot, createdAt: k.lastRotated, lastUsedDate: k.lastUsedDate }))
      if (active.length === 0) continue
      const evidence = { activeKeys: active }
      if (active.length === 1) ctx.pass(u.arn, `${u.user} has one active access key`, { evidence })
      else ctx.fail(u.arn, `${u.user} has ${active.length} active access keys`, { evidence })
    }
  },
})
