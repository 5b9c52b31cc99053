// guardrail remediate: fixing findings on demand, always plan → review → apply.
//   plan     findings.json → plan.json, printed for review; nothing changes.
//   install  guardrail's own runbooks into the target accounts and regions (idempotent).
//   apply    plan.json → one SSM Automation execution per action, followed to the end, audit-logged.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { ALL_CHECKS } from '../../checks/index.js'
import { loadConfig } from '../../config/load.js'
import { writeFileAtomic } from '../../core/atomic-write.js'
import { InputError } from '../../core/errors.js'
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '../../config/schema.js'
import { sha256File } from '../../isms/manifest.js'
import { assertDirectoryUsable } from '../../core/atomic-write.js'
import { EXIT } from '../../core/errors.js'
import { loadFindingsFile } from '../../refine/baseline.js'
import { remediationAccess } from '../../remediate/access.js'
import { applyPlan } from '../../remediate/apply.js'
import { openAuditLog } from '../../remediate/audit-log.js'
import { installRunbooks, type InstallResult, type InstallTarget } from '../../remediate/install.js'
import { loadPlan } from '../../remediate/load-plan.js'
import { loadOwnRunbooks, type OwnRunbook } from '../../remediate/runbooks.js'
import { NO_LOOKUPS, snapshotLookups } from '../../remediate/lookups.js'
import { buildPlan } from '../../remediate/plan.js'
import { renderPlan } from '../../remediate/render-plan.js'
import { TOOL_NAME, TOOL_VERSION } from '../../version.js'
import type { CommandContext } from '../context.js'
import { confirmedToGoOn, ctrlC } from '../confirm.js'
import { withExamples } from '../help.js'
import { listFlag, nonEmptyFlag, parseFlags } from '../options.js'
import { loadRuleSet } from '../settings.js'

export const DEFAULT_PLAN_FILE = 'remediation-plan.json'

const planFlagsSchema = z.object({
  snapshot: nonEmptyFlag.optional(),
  checks: listFlag.pipe(z.array(z.string()).min(1, 'expected check ids or patterns such as iam.*')).optional(),
  accounts: listFlag.pipe(z.array(z.string().regex(ACCOUNT_ID_PATTERN, 'expected 12-digit account ids')).min(1)).optional(),
  regions: listFlag.pipe(z.array(z.string().refine((r) => r === 'global' || REGION_PATTERN.test(r), "expected region names, or 'global' for IAM and account findings")).min(1)).optional(),
  includeDestructive: z.boolean().default(false),
  output: nonEmptyFlag.optional(),
  config: nonEmptyFlag.optional(),
  quiet: z.boolean().default(false),
})

const applyFlagsSchema = z.object({
  yes: z.boolean().default(false),
  auditLog: nonEmptyFlag.optional(),
  maxAgeHours: z.coerce.number().positive('must be a positive number of hours').max(720).optional(),
  concurrency: z.coerce.number().int().min(1).max(50).optional(),
  profile: nonEmptyFlag.optional(),
  region: z.string().regex(REGION_PATTERN, 'expected an AWS region name such as eu-west-1').optional(),
  config: nonEmptyFlag.optional(),
})

const installFlagsSchema = z.object({
  plan: nonEmptyFlag.optional(),
  accounts: listFlag.pipe(z.array(z.string().regex(ACCOUNT_ID_PATTERN, 'expected 12-digit account ids')).min(1)).optional(),
  regions: listFlag.pipe(z.array(z.string().regex(REGION_PATTERN, 'expected region names such as eu-west-1')).min(1)).optional(),
  profile: nonEmptyFlag.optional(),
  region: z.string().regex(REGION_PATTERN, 'expected an AWS region name such as eu-west-1').optional(),
  config: nonEmptyFlag.optional(),
})

export function remediateCommand({ io, deps, setExitCode }: CommandContext): Command {
  const command = new Command('remediate').description('fix failing findings through SSM Automation: plan (review) → apply, with an audit log')
  withExamples(command, [
    { what: 'see what could be fixed automatically, changing nothing', run: 'guardrail remediate plan guardrail-report/findings.json' },
    { what: 'only the password policies of two accounts', run: 'guardrail remediate plan findings.json --checks iam.password-policy --accounts 111111111111,222222222222 -o pw-plan.json' },
  ])
  const plan = command
    .command('plan')
    .description('write a remediation plan for the failing findings (runbook, parameters, target, effect, risk) and print it; nothing changes')
    .argument('<findings.json>', 'a findings file written by scan, evaluate or merge')
    .option('--snapshot <file>', 'the snapshot the findings came from (default: snapshot.json beside them); IAM fixes need its user ids')
    .option('--checks <list>', 'only these checks: ids or patterns (iam.*)')
    .option('--accounts <list>', 'only findings of these accounts')
    .option('--regions <list>', "only findings of these regions ('global' for IAM and account findings)")
    .option('--include-destructive', 'also plan fixes that delete or disable credentials, permissions or network access (marked in the plan)')
    .option('-o, --output <file>', `where the plan goes (default: ${DEFAULT_PLAN_FILE} beside the findings)`)
    .option('--config <file>', 'guardrail.config.yaml (remediation roles and the values some fixes need)')
    .option('--quiet', 'print nothing but errors')
  withExamples(plan, [
    { what: 'plan every automatic fix for last night\'s findings', run: 'guardrail remediate plan guardrail-report/findings.json' },
    { what: 'include fixes that remove credentials or policies, for one account', run: 'guardrail remediate plan findings.json --include-destructive --accounts 222222222222 -o plan.json' },
  ])
  plan.action(async (findingsArg: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(planFlagsSchema, raw)
    const { config, source } = loadConfig(flags.config, io.cwd)
    const findingsFile = resolve(io.cwd, findingsArg)
    const findings = loadFindingsFile(findingsFile, 'findings report')
    const snapshotArg = flags.snapshot ?? (existsSync(join(dirname(findingsFile), 'snapshot.json')) ? join(dirname(findingsFile), 'snapshot.json') : undefined)
    if (flags.snapshot !== undefined && !existsSync(resolve(io.cwd, flags.snapshot))) {
      throw new InputError('FileUnreadable', `Cannot read snapshot file ${resolve(io.cwd, flags.snapshot)}.`, 'Give the snapshot the findings were evaluated from, or leave --snapshot out (IAM user fixes are then listed as manual).')
    }
    const lookups = snapshotArg !== undefined ? await snapshotLookups(resolve(io.cwd, snapshotArg)) : NO_LOOKUPS
    const passwordOptions = loadRuleSet(config, source).rules.get('iam.password-policy')?.options as { minimumLength?: number; reusePrevention?: number } | undefined
    const output = resolve(io.cwd, flags.output ?? join(dirname(findingsArg), DEFAULT_PLAN_FILE))
    const built = buildPlan({
      findings,
      source: { findings: findingsArg, findingsSha256: sha256File(findingsFile).sha256, asOf: findings.run.asOf, regions: findings.run.regions, ...(snapshotArg !== undefined ? { snapshot: snapshotArg } : {}) },
      selection: { ...(flags.checks ? { checks: flags.checks } : {}), ...(flags.accounts ? { accounts: flags.accounts } : {}), ...(flags.regions ? { regions: flags.regions } : {}), includeDestructive: flags.includeDestructive },
      settings: {
        automationRoleName: config.remediation.automationRoleName,
        homeRegion: config.remediation.homeRegion,
        cloudTrailKmsKeyArn: config.remediation.cloudTrailKmsKeyArn,
        securityContact: config.remediation.securityContact,
        // At least the check's thresholds, never weaker than CIS.
        passwordPolicy: { minimumLength: Math.max(14, passwordOptions?.minimumLength ?? 14), reusePrevention: Math.max(24, passwordOptions?.reusePrevention ?? 24) },
      },
      lookups,
      checks: new Map(ALL_CHECKS.map((c) => [c.id, { remediationId: c.remediationId, remediation: c.remediation }])),
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      now: new Date(),
    })
    writeFileAtomic(output, JSON.stringify(built, null, 2) + '\n')
    if (!flags.quiet) io.stdout(renderPlan(built, flags.output ?? join(dirname(findingsArg), DEFAULT_PLAN_FILE)))
  })

  const install = command
    .command('install')
    .description("create or update guardrail's own runbooks (runbooks/*.yaml) in the target accounts and regions; unchanged content makes no new version")
    .option('--plan <plan.json>', 'install exactly the runbooks the plan uses, where it uses them')
    .option('--accounts <list>', 'accounts to install into (default: the current account)')
    .option('--regions <list>', 'regions to install into (default: config scan.regions)')
    .option('--profile <name>', 'AWS profile of the operator')
    .option('--region <region>', 'region for the operator\'s STS calls')
    .option('--config <file>', 'guardrail.config.yaml (remediation.roleName)')
  withExamples(install, [
    { what: 'before applying a plan: the runbooks it needs, where it needs them', run: 'guardrail remediate install --plan plan.json' },
    { what: 'every runbook into two accounts and regions', run: 'guardrail remediate install --accounts 111111111111,222222222222 --regions eu-west-1,us-east-1' },
  ])
  install.action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(installFlagsSchema, raw)
    const { config } = loadConfig(flags.config, io.cwd)
    const runbooks = loadOwnRunbooks()
    let targets: InstallTarget[]
    if (flags.plan !== undefined) {
      if (flags.accounts !== undefined || flags.regions !== undefined) throw new InputError('InvalidFlag', '--plan decides the accounts and regions; --accounts and --regions cannot be combined with it.', 'Give either --plan, or --accounts and --regions.')
      const plan = loadPlan(resolve(io.cwd, flags.plan), new Date(), config.remediation.maxPlanAgeHours)
      const byTarget = new Map<string, InstallTarget>()
      for (const a of plan.actions.filter((x) => x.runbook.owner === 'guardrail')) {
        const key = `${a.accountId} ${a.region}`
        const target = byTarget.get(key) ?? byTarget.set(key, { accountId: a.accountId, region: a.region, runbooks: [] }).get(key)!
        const runbook = runbooks.find((r) => r.name === a.runbook.name)
        if (runbook && !target.runbooks.includes(runbook)) (target.runbooks as OwnRunbook[]).push(runbook)
      }
      targets = [...byTarget.values()]
    } else {
      const regions = flags.regions ?? config.scan.regions
      if (regions === undefined) throw new InputError('InvalidFlag', 'install needs the regions to install into.', 'Give --regions eu-west-1,us-east-1 (or set scan.regions in guardrail.config.yaml), or --plan plan.json.')
      const access = await remediationAccess(config.remediation, { profile: flags.profile, region: flags.region })
      const accounts = flags.accounts ?? [access.callerAccountId]
      targets = accounts.flatMap((accountId) => regions.map((region) => ({ accountId, region, runbooks })))
      return report(await installRunbooks(access, targets))
    }
    if (targets.length === 0) {
      io.stdout('The plan uses no guardrail runbook: nothing to install (AWS-managed runbooks are already in every account).\n')
      return
    }
    report(await installRunbooks(await remediationAccess(config.remediation, { profile: flags.profile, region: flags.region }), targets))
  })
  function report(results: InstallResult[]): void {
    for (const r of results) io.stdout(`${r.outcome.toUpperCase().padEnd(9)} ${r.runbook} in ${r.accountId} ${r.region}${r.version ? ` (version ${r.version})` : ''}${r.error ? `: ${r.error}` : ''}\n`)
    const failed = results.filter((r) => r.outcome === 'failed').length
    io.stdout(`${results.length} runbook install(s): ${results.filter((r) => r.outcome === 'created').length} created, ${results.filter((r) => r.outcome === 'updated').length} updated, ${results.filter((r) => r.outcome === 'unchanged').length} unchanged, ${failed} failed\n`)
    if (failed > 0) setExitCode(EXIT.findings)
  }

  const apply = command
    .command('apply')
    .description('apply a reviewed plan: refuses a modified or stale plan, re-checks each finding, starts and follows one SSM Automation execution per action, writes an audit log')
    .argument('<plan.json>', 'a plan written by guardrail remediate plan, unmodified')
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--audit-log <file>', 'JSON-lines audit log to append to (default: remediation-audit.jsonl beside the plan)')
    .option('--max-age-hours <n>', 'refuse plans older than this (default: config remediation.maxPlanAgeHours, 24)')
    .option('--concurrency <n>', 'executions running at once (default: config remediation.concurrency, 5)')
    .option('--profile <name>', 'AWS profile of the operator')
    .option('--region <region>', 'region for the operator\'s STS calls')
    .option('--config <file>', 'guardrail.config.yaml (remediation roles and limits)')
  withExamples(apply, [
    { what: 'apply the plan you reviewed, confirming on the terminal', run: 'guardrail remediate apply guardrail-report/remediation-plan.json' },
    { what: 'in a pipeline, after a person approved the plan file', run: 'guardrail remediate apply plan.json --yes --audit-log audit/remediation.jsonl' },
  ])
  apply.action(async (planArg: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(applyFlagsSchema, raw)
    const { config, source } = loadConfig(flags.config, io.cwd)
    const settings = { ...config.remediation, ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}) }
    const planFile = resolve(io.cwd, planArg)
    const plan = loadPlan(planFile, new Date(), flags.maxAgeHours ?? settings.maxPlanAgeHours)
    const auditFile = resolve(io.cwd, flags.auditLog ?? join(dirname(planArg), 'remediation-audit.jsonl'))
    assertDirectoryUsable(dirname(auditFile), '--audit-log')
    if (plan.actions.length === 0) {
      io.stdout(`${planArg} has no actions: nothing to apply.\n`)
      return
    }
    const remediation = deps.remediation ?? {}
    const accounts = new Set(plan.actions.map((a) => a.accountId))
    const destructive = plan.actions.filter((a) => a.destructive).length
    const question = `Apply ${plan.actions.length} action(s) of plan ${plan.hash.slice(0, 12)} to ${accounts.size} account(s)${destructive > 0 ? `, ${destructive} of them DESTRUCTIVE` : ''}? Type "apply" to go on: `
    if (!(await confirmedToGoOn({ yes: flags.yes, command: 'remediate apply', question, word: 'apply', confirm: remediation.confirm }))) {
      io.stdout('Not applied: nothing changed.\n')
      return
    }
    const access = await remediationAccess(settings, { profile: flags.profile, region: flags.region })
    const audit = openAuditLog(auditFile, access.callerArn)
    const sigint = remediation.interrupt === undefined ? ctrlC(io, 'no more executions start; the running ones are reported') : undefined
    const interrupt = remediation.interrupt ?? sigint!.signal
    const results = await applyPlan(
      plan,
      {
        access,
        ruleSet: loadRuleSet(config, source),
        ownRunbooks: loadOwnRunbooks(),
        audit,
        progress: (line) => io.stdout(`${line}\n`),
        signal: interrupt,
        clock: () => new Date(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      },
      { concurrency: settings.concurrency, startsPerSecond: settings.startsPerSecond, homeRegion: settings.homeRegion, pollIntervalMs: remediation.pollIntervalMs ?? 3000, maxWaitMs: 30 * 60_000 },
    ).finally(() => sigint?.dispose())
    const count = (o: string) => results.filter((r) => r.outcome === o).length
    io.stdout(`\n${results.length} action(s): ${count('succeeded')} succeeded, ${count('failed')} failed, ${count('skipped')} skipped, ${count('not-started')} not started, ${count('in-flight')} still running. Audit log: ${auditFile}\n`)
    const failed = results.filter((r) => r.outcome === 'failed')
    for (const r of failed) io.stderr(`failed: ${r.action.runbook.name} in ${r.action.accountId} ${r.action.region} (${r.action.checkId}): ${r.reason ?? 'unknown'}\n`)
    for (const r of results.filter((x) => x.outcome === 'in-flight')) io.stderr(`still running: execution ${r.executionId} (${r.action.runbook.name} in ${r.action.accountId} ${r.action.region})\n`)
    if (failed.length > 0) setExitCode(EXIT.findings)
    else if (interrupt.aborted) setExitCode(EXIT.interrupted)
    else io.stdout('Scan again to see the findings pass: guardrail scan …\n')
  })
  return command
}
