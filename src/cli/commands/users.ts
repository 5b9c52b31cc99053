// guardrail users: IAM groups → Linux users on EC2 instances, the aws-ec2-ssh replacement.
//   plan   reads IAM once, centrally (group members and their public keys), assigns stable UIDs from
//          the central registry, compares with the last applied sync, writes users-plan.json.
//   apply  installs the sync documents and runs the sync on the tagged instances of every target, through
//          SSM Automation and Run Command, with the same refusals and audit log as remediate apply.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { Command } from 'commander'
import { fromNodeProviderChain } from '@aws-sdk/credential-providers'
import { z } from 'zod'
import { ApiCallCounter } from '../../aws/call-counter.js'
import { createSession, resolveDefaultRegion, type AwsSession } from '../../aws/session.js'
import { whoAmI } from '../../collect/current-account.js'
import { loadConfig } from '../../config/load.js'
import { REGION_PATTERN } from '../../config/schema.js'
import { assertDirectoryUsable, writeFileAtomic } from '../../core/atomic-write.js'
import { EXIT, InputError } from '../../core/errors.js'
import { formatZodIssues } from '../../core/zod-format.js'
import { enterAccount } from '../../orchestrate/audit-role.js'
import { ScanLimiters } from '../../orchestrate/service-limits.js'
import { readJsonFile } from '../../refine/baseline.js'
import { computeDesiredState } from '../../users/desired-state.js'
import { remediationAccess } from '../../remediate/access.js'
import { openAuditLog } from '../../remediate/audit-log.js'
import { loadHashedPlan } from '../../remediate/load-plan.js'
import { applyUsersPlan } from '../../users/apply.js'
import { desiredStateStoreClient, handOverDesiredState } from '../../users/desired-state-handover.js'
import { buildUsersPlan, renderUsersPlan, usersPlanHash, usersPlanSchema, type UsersTarget } from '../../users/plan.js'
import { readIamUsers } from '../../users/read-iam.js'
import { readS3Keys } from '../../users/key-source.js'
import { describeKeySource } from '../../users/key-source-schema.js'
import { EMPTY_REGISTRY, uidRegistrySchema, type UidRegistry } from '../../users/uid-registry.js'
import { TOOL_NAME, TOOL_VERSION } from '../../version.js'
import type { CommandContext } from '../context.js'
import { confirmedToGoOn, ctrlC } from '../confirm.js'
import { withExamples } from '../help.js'
import { nonEmptyFlag, parseFlags } from '../options.js'

export const DEFAULT_USERS_PLAN_FILE = 'users-plan.json'

const planFlagsSchema = z.object({
  output: nonEmptyFlag.optional(),
  allowEmpty: z.boolean().default(false),
  profile: nonEmptyFlag.optional(),
  region: z.string().regex(REGION_PATTERN, 'expected an AWS region name such as eu-west-1').optional(),
  config: nonEmptyFlag.optional(),
  quiet: z.boolean().default(false),
})

export function loadRegistry(file: string): UidRegistry {
  if (!existsSync(file)) return EMPTY_REGISTRY
  const parsed = uidRegistrySchema.safeParse(readJsonFile(file, 'UID registry'))
  if (!parsed.success) throw new InputError('InvalidRegistry', `${file} is not a guardrail UID registry:\n${formatZodIssues(parsed.error)}`, 'Restore it from version control: UIDs must never be reassigned.')
  return parsed.data
}

const applyFlagsSchema = z.object({
  yes: z.boolean().default(false),
  auditLog: nonEmptyFlag.optional(),
  maxAgeHours: z.coerce.number().positive('must be a positive number of hours').max(720).optional(),
  profile: nonEmptyFlag.optional(),
  region: z.string().regex(REGION_PATTERN, 'expected an AWS region name such as eu-west-1').optional(),
  config: nonEmptyFlag.optional(),
})

export function usersCommand({ io, deps, setExitCode }: CommandContext): Command {
  const command = new Command('users').description('IAM groups → Linux users on EC2 instances, synced centrally through SSM (replaces per-server IAM polling)')
  withExamples(command, [
    { what: 'see who would be added, changed and removed', run: 'guardrail users plan' },
    { what: 'write the plan for review elsewhere', run: 'guardrail users plan -o users-plan.json --config guardrail.config.yaml' },
  ])
  const plan = command
    .command('plan')
    .description('read the configured IAM groups and keys once, assign stable UIDs, and write the desired Linux users as a plan; no server changes')
    .option('-o, --output <file>', `where the plan goes (default: ${DEFAULT_USERS_PLAN_FILE})`)
    .option('--allow-empty', 'allow a plan with no users (every managed user is then removed); refused otherwise')
    .option('--profile <name>', 'AWS profile')
    .option('--region <region>', 'region for the API clients')
    .option('--config <file>', 'guardrail.config.yaml with a users section')
    .option('--quiet', 'print nothing but errors')
  withExamples(plan, [
    { what: 'plan the sync of the configured groups', run: 'guardrail users plan --config guardrail.config.yaml' },
    { what: 'everyone is leaving on purpose', run: 'guardrail users plan --allow-empty -o users-plan.json' },
  ])
  plan.action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(planFlagsSchema, raw)
    const { config } = loadConfig(flags.config, io.cwd)
    const users = config.users
    if (!users) throw new InputError('NoUsersConfig', 'guardrail.config.yaml has no users section.', 'Add users: { loginGroups: [SshMembers], sudoGroups: [SshAdministrators], instances: [{ regions: [eu-west-1], tag: { key: ssh-sync, value: "true" } }] } (see README, "Linux users from IAM groups").')
    const registryFile = resolve(io.cwd, users.registry)
    const registry = loadRegistry(registryFile)
    const region = flags.region ?? (await resolveDefaultRegion(flags.profile))
    const counter = new ApiCallCounter()
    const caller = createSession({ region, counter, ...(flags.profile !== undefined ? { profile: flags.profile } : {}) })
    const me = await whoAmI(caller)
    const identityAccount = users.identityAccount ?? config.organization.identityAccounts[0] ?? me.accountId
    let session: AwsSession = caller
    if (identityAccount !== me.accountId) {
      const entered = await enterAccount({ caller, callerAccountId: me.accountId, callerArn: me.arn, partition: me.partition, role: config.scan.auditRole, limiters: new ScanLimiters() }, identityAccount, counter)
      if ('error' in entered) throw new InputError('IdentityAccountUnreachable', `Cannot read IAM in the identity account ${identityAccount}: ${entered.error.code}: ${entered.error.message}`, `Allow ${me.arn} to assume ${config.scan.auditRole.name} there (guardrail policy scan), or set users.identityAccount.`)
      session = entered.session
    }
    const view = await readIamUsers(session, [...users.loginGroups, ...users.sudoGroups], users.keySource.type === 'iam' ? 'iam' : 'none')
    const iamCalls = counter.byService().iam ?? 0
    const keys = users.keySource.type === 's3' ? await readS3Keys(session, users.keySource, new Set([...view.members.values()].flat().map((m) => m.userName))) : view.keys
    const result = computeDesiredState({
      settings: { loginGroups: users.loginGroups, sudoGroups: users.sudoGroups, extraGroups: users.extraGroups, markerGroup: users.markerGroup, uidRange: users.uidRange, homeOnRemove: users.homeOnRemove, maxDeleteShare: users.maxDeleteShare, allowEmpty: flags.allowEmpty },
      members: view.members,
      keys,
      registry,
      now: new Date(),
    })
    if (result.state.users.length === 0 && !flags.allowEmpty) {
      throw new InputError('EmptyDesiredState', 'No IAM user qualifies for a Linux account (the configured groups are empty, or every member has a problem).', 'If everyone is meant to lose access, plan again with --allow-empty; otherwise check users.loginGroups and the problems above.')
    }
    const targets: UsersTarget[] = users.instances.flatMap((i) => (i.accounts ?? [me.accountId]).flatMap((accountId) => i.regions.map((r) => ({ accountId, region: r, tag: i.tag }))))
    const built = buildUsersPlan({ desired: result.state, problems: result.problems, targets, registry: result.registry, identityAccount, keySource: describeKeySource(users.keySource), iamCalls, tool: { name: TOOL_NAME, version: TOOL_VERSION }, now: new Date() })
    const output = flags.output ?? DEFAULT_USERS_PLAN_FILE
    // The registry first: a UID handed out in a plan is never handed to anyone else, applied or not.
    writeFileAtomic(registryFile, JSON.stringify(result.registry, null, 2) + '\n')
    writeFileAtomic(resolve(io.cwd, output), JSON.stringify(built, null, 2) + '\n')
    if (!flags.quiet) io.stdout(renderUsersPlan(built, output, users.desiredStateStore))
  })

  const apply = command
    .command('apply')
    .description('run a reviewed users plan: the sync script on every tagged instance of every target, through SSM Automation and Run Command; per-instance report, audit log')
    .argument('<users-plan.json>', 'a plan written by guardrail users plan, unmodified')
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--audit-log <file>', 'JSON-lines audit log to append to (default: remediation-audit.jsonl beside the plan)')
    .option('--max-age-hours <n>', 'refuse plans older than this (default: config remediation.maxPlanAgeHours, 24)')
    .option('--profile <name>', 'AWS profile of the operator')
    .option('--region <region>', "region for the operator's STS calls")
    .option('--config <file>', 'guardrail.config.yaml (users and remediation sections)')
  withExamples(apply, [
    { what: 'sync the reviewed plan, confirming on the terminal', run: 'guardrail users apply users-plan.json' },
    { what: 'from a pipeline, after approval of the plan file', run: 'guardrail users apply users-plan.json --yes --audit-log audit/users.jsonl' },
  ])
  apply.action(async (planArg: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(applyFlagsSchema, raw)
    const { config } = loadConfig(flags.config, io.cwd)
    if (!config.users) throw new InputError('NoUsersConfig', 'guardrail.config.yaml has no users section.', 'Give the config the plan was made with (--config).')
    const plan = loadHashedPlan({ schema: usersPlanSchema, hash: usersPlanHash, what: 'users plan', remake: 'guardrail users plan -o users-plan.json' }, resolve(io.cwd, planArg), new Date(), flags.maxAgeHours ?? config.remediation.maxPlanAgeHours)
    const auditFile = resolve(io.cwd, flags.auditLog ?? join(dirname(planArg), 'remediation-audit.jsonl'))
    assertDirectoryUsable(dirname(auditFile), '--audit-log')
    const hooks = deps.remediation ?? {}
    const c = plan.changes
    const question = `Sync ${plan.desired.users.length} user(s) (${c.added.length} added, ${c.removed.length} removed, ${c.sudoGranted.length} given sudo) to the instances of ${plan.targets.length} target(s)? Type "sync" to go on: `
    if (!(await confirmedToGoOn({ yes: flags.yes, command: 'users apply', question, word: 'sync', confirm: hooks.confirm }))) {
      io.stdout('Not applied: nothing changed.\n')
      return
    }
    const access = await remediationAccess(config.remediation, { profile: flags.profile, region: flags.region })
    const sigint = hooks.interrupt === undefined ? ctrlC(io, 'no more targets start') : undefined
    // The S3 hand-over writes with the operator's own credentials (not a role in a target account):
    // the bucket lives where the operator works, and only s3:PutObject/GetObject on its prefix are needed.
    const store = config.users.desiredStateStore
    const s3 = store ? desiredStateStoreClient({ region: store.region, credentials: fromNodeProviderChain(flags.profile !== undefined ? { profile: flags.profile } : {}) }) : undefined
    const results = await applyUsersPlan(plan, {
      access,
      audit: openAuditLog(auditFile, access.callerArn),
      automationRoleName: config.remediation.automationRoleName,
      progress: (line) => io.stdout(`${line}\n`),
      signal: hooks.interrupt ?? sigint!.signal,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      clock: () => new Date(),
      pollIntervalMs: hooks.pollIntervalMs ?? 3000,
      maxWaitMs: 60 * 60_000,
      maxConcurrency: config.users.maxConcurrency,
      maxErrors: config.users.maxErrors,
      schedule: config.users.schedule,
      ...(store && s3 ? { handOver: (p: typeof plan) => handOverDesiredState(s3, store, p) } : {}),
    }).finally(() => {
      sigint?.dispose()
      s3?.destroy()
    })
    const failed = results.filter((r) => r.outcome !== 'succeeded')
    const instances = results.flatMap((r) => r.instances)
    io.stdout(`\n${results.length} target(s): ${results.length - failed.length} synced, ${failed.length} not; ${instances.length} instance(s): ${instances.filter((i) => i.status === 'ok').length} in sync, ${instances.filter((i) => i.status !== 'ok').length} not. Audit log: ${auditFile}\n`)
    for (const r of failed) io.stderr(`failed: ${r.target.accountId} ${r.target.region} (${r.target.tag.key}=${r.target.tag.value}): ${r.reason ?? 'unknown'}\n`)
    if (failed.length > 0) {
      setExitCode(EXIT.findings)
      return
    }
    // Everything synced: this is now the state the next plan is compared with.
    const registryFile = resolve(io.cwd, config.users.registry)
    const registry = loadRegistry(registryFile)
    writeFileAtomic(registryFile, JSON.stringify({ ...registry, lastApplied: { planHash: plan.hash, appliedAt: new Date().toISOString(), users: plan.desired.users.map((u) => ({ name: u.name, sudo: u.sudo, keys: u.keys })) } }, null, 2) + '\n')
  })
  return command
}
