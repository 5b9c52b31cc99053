// guardrail policy: the least-privilege IAM policies of guardrail's roles, generated from the code's
// registries (src/aws/role-policies.ts), printed as JSON to paste into IAM or a template.
import { Command } from 'commander'
import { z } from 'zod'
import { auditRolePolicy, remediationRolePolicy, remediationRoleTrust, rolesTemplate } from '../../aws/role-policies.js'
import { roleNameSchema } from '../../core/ids.js'
import { parseS3KeySource } from '../../users/key-source-schema.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { parseFlags } from '../options.js'

const s3KeySourceUri = z.string().transform((uri, ctx) => {
  const parsed = parseS3KeySource(uri)
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error })
    return z.NEVER
  }
  return { bucket: parsed.bucket, prefix: parsed.prefix }
})
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
const principalArn = z.string().regex(/^arn:aws[a-z-]*:(iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)|sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+)$/, 'expected the ARN of an IAM role, user or account root (arn:aws:iam::123456789012:role/Name)')

export function policyCommand({ io }: CommandContext): Command {
  const command = new Command('policy').description("print the least-privilege IAM policies of guardrail's roles, generated from the code")
  withExamples(command, [
    { what: 'the audit role policy, to create the role in every account', run: 'guardrail policy scan --role-name GuardrailAudit > audit-policy.json' },
    { what: 'both roles as a CloudFormation template for a StackSet', run: 'guardrail policy stackset > guardrail-roles.template.json' },
  ])
  const scan = command
    .command('scan')
    .description('the audit role: exactly the read operations the scan calls (the read-only guard enforces the same list)')
    .option('--role-name <name>', 'the audit role name, for the sts:AssumeRole statement', 'GuardrailAudit')
    .option('--key-source <s3-uri>', "add read of the user sync's S3 key source (users.keySource), scoped to that prefix: s3://bucket/prefix/")
    .action((raw: Record<string, unknown>) => {
      const flags = parseFlags(z.object({ roleName: roleNameSchema, keySource: s3KeySourceUri.optional() }), raw)
      io.stdout(json(auditRolePolicy(flags.roleName, flags.keySource)))
    })
  withExamples(scan, [
    { what: 'the policy for the role scan --org assumes', run: 'guardrail policy scan --role-name GuardrailAudit' },
    { what: 'keep it as a file next to your IAM code', run: 'guardrail policy scan > iam/guardrail-audit.json' },
    { what: "the identity account's role, when users.keySource is an S3 prefix", run: 'guardrail policy scan --key-source s3://corp-ssh-keys/users/' },
  ])
  const remediate = command
    .command('remediate')
    .description('the remediation role: the runbooks\' API calls, SSM Automation and documents, the re-check reads, iam:PassRole on itself')
    .option('--role-name <name>', 'the remediation role name (config remediation.roleName)', 'GuardrailRemediation')
    .option('--trust <principal-arn>', 'print the role\'s trust policy instead, trusting this principal and SSM Automation')
    .action((raw: Record<string, unknown>) => {
      const flags = parseFlags(z.object({ roleName: roleNameSchema, trust: principalArn.optional() }), raw)
      io.stdout(json(flags.trust !== undefined ? remediationRoleTrust(flags.trust) : remediationRolePolicy(flags.roleName)))
    })
  withExamples(remediate, [
    { what: 'the permission policy', run: 'guardrail policy remediate' },
    { what: 'the trust policy, for the security team\'s role in the management account', run: 'guardrail policy remediate --trust arn:aws:iam::111111111111:role/SecurityEngineer' },
  ])
  const stackset = command
    .command('stackset')
    .description('a CloudFormation template creating both roles in an account, trusting the account guardrail runs from; deploy it as a StackSet')
    .action(() => io.stdout(json(rolesTemplate())))
  withExamples(stackset, [
    { what: 'write the template', run: 'guardrail policy stackset > roles.json' },
    { what: 'the audit role alone, for a role you manage elsewhere', run: 'guardrail policy scan --role-name GuardrailAudit' },
  ])
  return command
}
