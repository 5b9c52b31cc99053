// One place where the config file and the flags meet. Flags override the file; both are validated
// before any AWS call, so a typo fails in milliseconds instead of after a long scan.
import { resolve } from 'node:path'
import { z } from 'zod'
import { ALL_CHECKS } from '../checks/index.js'
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
    overrides: config.checks,
    overridesSource: configSource ?? 'config',
    settings: config.organization,
  })
}

export function resolveReportSettings(flags: ReportFlags, io: CliIo): ReportSettings {
  const { config, source } = loadConfig(flags.config, io.cwd)
  const outputDir = resolve(io.cwd, flags.outputDir)
  assertDirectoryUsable(outputDir, '--output-dir')
  const outputs = prepareOutputs({ ...flags, format: withJson(flags.format) }, io.cwd, ALL_CHECKS.map((c) => c.id), ['json'])
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
