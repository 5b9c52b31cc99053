// guardrail remediate: fixing findings on demand, always plan → review → apply.
//   plan  findings.json → plan.json, printed for review; nothing changes.
// (apply, install: issue 10, in progress.)
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
import { loadFindingsFile } from '../../refine/baseline.js'
import { NO_LOOKUPS, snapshotLookups } from '../../remediate/lookups.js'
import { buildPlan } from '../../remediate/plan.js'
import { renderPlan } from '../../remediate/render-plan.js'
import { TOOL_NAME, TOOL_VERSION } from '../../version.js'
import type { CommandContext } from '../context.js'
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

export function remediateCommand({ io }: CommandContext): Command {
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
      source: { findings: findingsArg, findingsSha256: sha256File(findingsFile).sha256, asOf: findings.run.asOf, ...(snapshotArg !== undefined ? { snapshot: snapshotArg } : {}) },
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
  return command
}
