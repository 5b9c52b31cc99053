// One place where the config file and the flags meet. Flags override the file; both are validated
// before any AWS call, so a typo fails in milliseconds instead of after a long scan.
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { z } from 'zod'
import { loadDecisions, type Decision } from '../access/decisions.js'
import { neutralizeControl } from '../core/terminal-text.js'
import { ALL_CHECKS } from '../checks/index.js'
import { InputError } from '../core/errors.js'
import { loadConfig } from '../config/load.js'
import type { FailOn, GuardrailConfig } from '../config/schema.js'
import { loadRules, type RuleSet } from '../rules/load.js'
import type { CliIo } from './io.js'
import { asOfFlag, failOnFlag, nonEmptyFlag } from './options.js'
import { flagOverConfig } from './precedence.js'
import { assertDirectoryUsable } from '../core/atomic-write.js'
import { selectRuleSet } from '../refine/selection.js'
import type { Format } from '../report/outputs.js'
import { outputFlagsSchema } from './commands/output-flags.js'
import { prepareOutputs, type FinishOptions, type PreparedOutputs } from './finish-report.js'

/** Default for --fail-on: high and critical failures break the build; medium and below are reported. */
export const DEFAULT_FAIL_ON: FailOn = 'high'
export const DEFAULT_OUTPUT_DIR = 'guardrail-report'

/** Flags shared by every command that writes a findings report (scan, evaluate). */
export const reportFlagsSchema = outputFlagsSchema.extend({
  asOf: asOfFlag.optional(),
  failOn: failOnFlag.optional(),
  strict: z.boolean().default(false),
  config: nonEmptyFlag.optional(),
  outputDir: nonEmptyFlag.default(DEFAULT_OUTPUT_DIR),
  quiet: z.boolean().default(false),
})
export type ReportFlags = z.infer<typeof reportFlagsSchema>

export interface ReportSettings {
  config: GuardrailConfig
  configSource: string | undefined
  ruleSet: RuleSet
  failOn: FailOn
  strict: boolean
  quiet: boolean
  /** Absolute path of the directory findings.json goes to. */
  outputDir: string
  asOf: Date | undefined
  /** Formats, selection, suppressions and baseline: loaded and validated. */
  outputs: PreparedOutputs
}

/** scan, evaluate and merge always write findings.json (the contract later `report` runs read), plus any --format. */
export const withJson = (formats: Format[] | undefined): Format[] => ['json', ...(formats ?? []).filter((f) => f !== 'json')]

export function loadRuleSet(config: GuardrailConfig, configSource: string | undefined): RuleSet {
  return loadRules({
    checks: ALL_CHECKS,
    overrides: withAccessReview(config, configSource, new Date()),
    overridesSource: configSource ?? 'config',
    settings: config.organization,
  })
}

export const ACCESS_REVIEW_CHECK = 'iam.access-reviewed'

/**
 * The one way the reviewer's decisions reach iam.access-reviewed (checks do no I/O): the file named by
 * `access.decisions` is loaded here — relative to the config file — and handed to the check as its
 * `decisions` option, with `access.reviewPeriodDays` as its `reviewPeriodDays`. Every command that
 * evaluates (scan, evaluate, merge, collect --org, remediate apply's re-check) builds its rule set
 * through loadRuleSet, so they all judge with the same decisions. Decisions written into
 * checks.iam.access-reviewed.options are refused, so there is no second way.
 */
export function withAccessReview(config: GuardrailConfig, configSource: string | undefined, now: Date): GuardrailConfig['checks'] {
  const source = configSource ?? 'config'
  const given = config.checks[ACCESS_REVIEW_CHECK]
  const givenOptions = given?.options ?? {}
  if ('decisions' in givenOptions) {
    throw new InputError('DecisionsInConfig', `${source}: checks.${ACCESS_REVIEW_CHECK}.options.decisions: decisions are not set in the config.`, 'Name the decisions file instead: access: { decisions: access-decisions.yaml } in guardrail.config.yaml.')
  }
  const period = config.access.reviewPeriodDays
  if (period !== undefined && 'reviewPeriodDays' in givenOptions && givenOptions.reviewPeriodDays !== period) {
    throw new InputError('ConflictingReviewPeriod', `${source}: access.reviewPeriodDays (${period}) and checks.${ACCESS_REVIEW_CHECK}.options.reviewPeriodDays (${JSON.stringify(givenOptions.reviewPeriodDays)}) disagree.`, 'Keep one of them: access.reviewPeriodDays.')
  }
  const decisions = configuredDecisions(config, configSource, now)
  if (decisions === undefined && period === undefined) return config.checks
  const options: Record<string, unknown> = { ...givenOptions }
  if (period !== undefined) options.reviewPeriodDays = period
  if (decisions !== undefined) options.decisions = decisions
  return { ...config.checks, [ACCESS_REVIEW_CHECK]: { ...given, options } }
}

/** The decisions file the config names (access.decisions, relative to the config file), loaded; undefined when it names none. */
export function configuredDecisions(config: GuardrailConfig, configSource: string | undefined, now: Date): Decision[] | undefined {
  const file = config.access.decisions
  if (file === undefined) return undefined
  const path = resolve(configSource !== undefined ? dirname(configSource) : '.', file)
  if (!existsSync(path)) throw new InputError('DecisionsNotFound', `${neutralizeControl(configSource ?? 'config')}: access.decisions: ${neutralizeControl(path)} does not exist.`, 'Give the path of the access review decisions file (relative to the config file), or remove access.decisions.')
  return loadDecisions(path, now)
}

export function resolveReportSettings(flags: ReportFlags, io: CliIo): ReportSettings {
  const { config, source } = loadConfig(flags.config, io.cwd)
  const outputDir = resolve(io.cwd, flags.outputDir)
  assertDirectoryUsable(outputDir, '--output-dir')
  const outputs = prepareOutputs({ ...flags, format: withJson(flags.format) }, io.cwd, ALL_CHECKS.map((c) => c.id), ['json'], config)
  return {
    config,
    configSource: source,
    ruleSet: selectRuleSet(loadRuleSet(config, source), outputs.selection),
    outputs,
    failOn: flagOverConfig(flags.failOn, config.failOn, DEFAULT_FAIL_ON),
    strict: flags.strict,
    quiet: flags.quiet,
    outputDir,
    asOf: flags.asOf,
  }
}

/** What finishReport needs of the settings. */
export function finishOptions(settings: ReportSettings, io: CliIo): FinishOptions {
  return { outputDir: settings.outputDir, failOn: settings.failOn, strict: settings.strict, quiet: settings.quiet, io }
}
