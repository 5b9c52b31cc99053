// Flags of the organization scan (scan --org, collect --org). Validated here, at the boundary;
// the orchestrator (src/orchestrate) receives typed options. Flags override the config's scan: section.
import type { Command } from 'commander'
import { z } from 'zod'
import { InputError } from '../../core/errors.js'
import { parseShard, type Shard } from '../../orchestrate/shard.js'
import { nonEmptyFlag } from '../options.js'
import { ACCOUNT_ID_PATTERN, roleNameSchema, sessionNameSchema } from '../../core/ids.js'


const listFlag = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
const accountListFlag = listFlag.pipe(z.array(z.string().regex(ACCOUNT_ID_PATTERN, 'expected comma-separated 12-digit account ids')).min(1, 'expected at least one account id'))

export const orgFlagsSchema = z.object({
  org: z.boolean().default(false),
  accounts: accountListFlag.optional(),
  ous: listFlag.pipe(z.array(z.string()).min(1, 'expected at least one OU id or name')).optional(),
  excludeAccounts: accountListFlag.optional(),
  roleName: roleNameSchema.optional(),
  externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2–1224 characters of letters, digits and +=,.@:/-').optional(),
  // RoleSessionName's own rule, so a bad value fails here rather than at the first AssumeRole.
  sessionName: sessionNameSchema.optional(),
  concurrency: z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(1, 'at least 1').max(256, 'at most 256')).optional(),
  resume: z.boolean().default(false),
  shard: z.string().optional(),
  workDir: nonEmptyFlag.optional(),
})
export type OrgFlags = z.infer<typeof orgFlagsSchema>

export function addOrgOptions(command: Command): Command {
  return command
    .option('--org', 'scan every active account of the organization (run from the management or a delegated administrator account)')
    .option('--accounts <ids>', 'with --org: only these accounts (comma-separated ids)')
    .option('--ous <list>', 'with --org: only accounts under these OUs (ou-… ids or names, nested OUs included)')
    .option('--exclude-accounts <ids>', 'with --org: never these accounts')
    .option('--role-name <name>', 'with --org: audit role assumed in each account (default: config scan.auditRole.name, else OrganizationAccountAccessRole)')
    .option('--external-id <id>', 'with --org: external id for the audit role')
    .option('--session-name <name>', 'with --org: role session name, visible in CloudTrail (default: guardrail-audit)')
    .option('--concurrency <n>', 'with --org: accounts scanned at the same time (default: config scan.concurrency, else 8)')
    .option('--resume', 'with --org: continue an interrupted scan from its work directory, skipping finished accounts')
    .option('--shard <k/n>', 'with --org: scan only shard k of n (k from 0); combine shard work directories with `guardrail merge`')
    .option('--work-dir <dir>', 'with --org: where per-account results stream to (default: <output-dir>/work)')
}

const ORG_ONLY: (keyof OrgFlags)[] = ['accounts', 'ous', 'excludeAccounts', 'roleName', 'externalId', 'sessionName', 'concurrency', 'shard', 'workDir']

/** Organization flags without --org would be silently ignored: refuse them instead. Returns the parsed shard. */
export function checkOrgFlags(flags: OrgFlags): Shard | undefined {
  if (!flags.org) {
    const given = ORG_ONLY.filter((k) => flags[k] !== undefined)
    if (flags.resume) given.push('resume')
    if (given.length > 0) {
      const names = given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')
      throw new InputError('OrgFlagWithoutOrg', `${names} only apply to an organization scan.`, 'Add --org, or drop the flag.')
    }
    return undefined
  }
  return flags.shard === undefined ? undefined : parseShard(flags.shard)
}
