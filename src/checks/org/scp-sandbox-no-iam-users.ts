import { z } from 'zod'
import { defineCheck } from '../define.js'
import { ouPathOf } from '../../snapshot/organization.js'
import { organizationOrError, requireDenied } from '../../scp/org-view.js'
import { describeAwsError } from '../../snapshot/readable.js'

const ACTIONS = ['iam:CreateUser', 'iam:CreateAccessKey']

export default defineCheck({
  id: 'org.scp-sandbox-no-iam-users',
  title: 'Sandbox accounts cannot create IAM users or access keys',
  description:
    'Accounts in the sandbox OUs named in the configuration (`organization.sandboxOus`, by OU id or name, at any depth) are denied iam:CreateUser and iam:CreateAccessKey by their SCP chain.',
  rationale: 'Sandboxes are where long-lived keys get created "just for a test" and then leak; people should enter sandboxes through roles.',
  remediation: 'Attach an SCP to the sandbox OU with {"Effect": "Deny", "Action": ["iam:CreateUser", "iam:CreateAccessKey"], "Resource": "*"}.',
  scope: 'organization',
  requires: ['organization'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    const wanted = ctx.settings.sandboxOus
    if (wanted.length === 0) {
      ctx.notApplicable(ctx.accountArn, 'No sandbox OUs are configured (organization.sandboxOus in guardrail.config.yaml), so no account is in scope')
      return
    }
    const view = organizationOrError(input, ctx)
    if (!view) return
    const { org, accounts } = view
    if (org.organizationalUnits.kind === 'unreadable' || org.roots.kind === 'unreadable') {
      const e = org.organizationalUnits.kind === 'unreadable' ? org.organizationalUnits.error : (org.roots as { kind: 'unreadable'; error: { code: string; message: string; operation: string } }).error
      ctx.error(ctx.accountArn, `Cannot tell which accounts are in sandbox OUs: ${describeAwsError(e)}`, e.code)
      return
    }
    const ous = org.organizationalUnits.value
    const roots = org.roots.value
    // A configured OU that matches nothing is most likely a typo; saying so beats silently checking no account.
    const unknown = wanted.filter((w) => !ous.some((o) => o.id === w || o.name === w))
    for (const w of unknown) {
      ctx.error(ctx.accountArn, `Sandbox OU "${w}" (organization.sandboxOus) is neither the id nor the name of an OU in this organization`, 'UnknownSandboxOu')
    }
    // Stryker disable next-line ArrayDeclaration: a fallback path of non-node strings holds no OU either, so no account is in scope just the same
    const isSandbox = (accountId: string) => (ouPathOf(accountId, accounts, ous, roots) ?? []).some((n) => n.kind === 'ou' && wanted.some((w) => w === n.id || w === n.name))
    requireDenied(input, ctx, { actions: ACTIONS, subject: 'IAM user creation', include: (a) => isSandbox(a.id) })
  },
})
