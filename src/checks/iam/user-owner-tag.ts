import { z } from 'zod'
import { defineCheck } from '../define.js'

export default defineCheck({
  id: 'iam.user-owner-tag',
  title: 'Every IAM user has an owner tag',
  description:
    'Fails for every IAM user without a tag named `tagKey` (matched case-insensitively, since "owner" and "Owner" mean the same to a person) that has a non-blank value. One finding per user.',
  rationale:
    'An inventory is only useful if every identity has someone accountable for it: the owner is who is asked in access reviews, who is told when the credential leaks, and who agrees to its deletion.',
  remediation:
    'Tag the user with its accountable owner (a person or team address): IAM console → Users → <user> → Tags → Add new tag, or `aws iam tag-user --user-name <user> --tags Key=<tag key>,Value=<owner>`. The tag key is the `tagKey` option of this check in the checklist.',
  scope: 'account',
  requires: ['iam.authorizationDetails'],
  options: z.strictObject({ tagKey: z.string().min(1) }),
  evaluate(_input, ctx) {
    const wanted = ctx.options.tagKey.toLowerCase()
    for (const u of ctx.read('iam.authorizationDetails').users) {
      const entry = Object.entries(u.tags).find(([key]) => key.toLowerCase() === wanted)
      if (entry && entry[1].trim() !== '') ctx.pass(u.arn, `${u.name} is owned by ${entry[1]}`, { evidence: { tagKey: entry[0], owner: entry[1] } })
      else if (entry) ctx.fail(u.arn, `${u.name} has an empty ${entry[0]} tag`, { evidence: { tagKey: entry[0], owner: entry[1] } })
      else ctx.fail(u.arn, `${u.name} has no ${ctx.options.tagKey} tag`, { evidence: { tagKey: ctx.options.tagKey, tagKeysPresent: Object.keys(u.tags) } })
    }
  },
})
