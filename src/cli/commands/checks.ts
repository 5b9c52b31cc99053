// guardrail checks: the catalogue. `checks` lists every check (compact table or --json);
// `checks show <id>` explains one: what, why, how to fix, its options, its framework controls.
import { Command } from 'commander'
import { z } from 'zod'
import { InputError } from '../../core/errors.js'
import { loadConfig } from '../../config/load.js'
import type { ResolvedRule, RuleSet } from '../../rules/load.js'
import type { AnyCheck } from '../../checks/define.js'
import type { CommandContext } from '../context.js'
import { nonEmptyFlag, parseFlags } from '../options.js'
import { loadRuleSet } from '../settings.js'
import { closeMatches } from '../../core/suggest.js'
import { controlsSelected } from '../../refine/selection.js'
import { outputFlagsSchema } from './output-flags.js'
import { withExamples } from '../help.js'

const listFlagsSchema = z.object({ json: z.boolean().default(false), config: nonEmptyFlag.optional(), framework: outputFlagsSchema.shape.framework })
const showFlagsSchema = z.object({ config: nonEmptyFlag.optional() })

const compareIds = (a: ResolvedRule, b: ResolvedRule) => (a.check.id < b.check.id ? -1 : a.check.id > b.check.id ? 1 : 0)

function ruleSetFor(configPath: string | undefined, cwd: string): RuleSet {
  const { config, source } = loadConfig(configPath, cwd)
  return loadRuleSet(config, source)
}

function frameworkSummary(rule: ResolvedRule): string {
  return Object.entries(rule.frameworks)
    .map(([fw, controls]) => `${fw} ${controls.join(',')}`)
    .join('; ')
}

function renderList(rules: ResolvedRule[]): string {
  const header = ['ID', 'SEVERITY', 'TITLE', 'FRAMEWORKS']
  const rows = rules.map((r) => [r.check.id + (r.enabled ? '' : ' (disabled)'), r.severity, r.check.title, frameworkSummary(r) || '-'])
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...rows.map((row) => row[i]!.length)))
  const line = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')
  return [line(header), ...rows.map(line), '', `${rules.length} checks. Details: guardrail checks show <id>`].join('\n') + '\n'
}

function describe(rule: ResolvedRule) {
  const { check } = rule
  return {
    id: check.id,
    title: check.title,
    severity: rule.severity,
    enabled: rule.enabled,
    scope: check.scope,
    description: check.description,
    rationale: check.rationale,
    remediation: check.remediation,
    requires: [...check.requires],
    options: rule.options,
    frameworks: rule.frameworks,
  }
}

function renderShow(rule: ResolvedRule, ruleSet: RuleSet): string {
  const { check } = rule
  const options = rule.options && typeof rule.options === 'object' ? Object.entries(rule.options as Record<string, unknown>) : []
  const controls = ruleSet.frameworks.flatMap((fw) =>
    fw.controls.filter((c) => c.checks.includes(check.id)).map((c) => `  ${fw.name} ${fw.version} — ${c.id} ${c.title}`),
  )
  return (
    [
      `${check.id} — ${check.title}`,
      `Severity: ${rule.severity}${rule.enabled ? '' : ' (disabled)'}    Scope: ${check.scope}    Reads: ${slicesRead(check) || '-'}`,
      '',
      'What it checks:',
      `  ${check.description}`,
      '',
      'Why it matters:',
      `  ${check.rationale}`,
      '',
      'How to fix:',
      `  ${check.remediation}`,
      '',
      'Options (override under checks.<id>.options in guardrail.config.yaml):',
      ...(options.length > 0 ? options.map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`) : ['  (none)']),
      '',
      'Framework controls:',
      ...(controls.length > 0 ? controls : ['  (none)']),
    ].join('\n') + '\n'
  )
}

export function checksCommand({ io }: CommandContext): Command {
  const command = new Command('checks')
    .description('list every check: id, severity, title, framework references')
    .option('--json', 'print the list as JSON')
    .option('--config <file>', 'config file whose overrides apply (default: ./guardrail.config.yaml when present)')
    .option('--framework <id[:control]>', "list a framework's controls: which checks cover each, which are manual (e.g. cis-aws-3.0, iso27001-2022:8)")
    .action((raw: Record<string, unknown>) => {
      const flags = parseFlags(listFlagsSchema, raw)
      const ruleSet = ruleSetFor(flags.config, io.cwd)
      if (flags.framework !== undefined) {
        const coverage = frameworkCoverage(flags.framework, ruleSet)
        io.stdout(flags.json ? JSON.stringify(coverage, null, 2) + '\n' : renderFrameworkCoverage(coverage))
        return
      }
      const rules = [...ruleSet.rules.values()].sort(compareIds)
      io.stdout(flags.json ? JSON.stringify(rules.map(describe), null, 2) + '\n' : renderList(rules))
    })

  withExamples(command, [
    { what: 'every check with its severity and framework references', run: 'guardrail checks' },
    { what: 'what CIS 3.0 section 4 covers, and what is left manual', run: 'guardrail checks --framework cis-aws-3.0:4' },
    { what: 'the catalogue as JSON, for tooling', run: 'guardrail checks --json' },
  ])
  const show = command
    .command('show')
    .description('explain one check: what, why, how to fix, options, framework controls')
    .argument('<id>', 'check id, e.g. iam.user-console-mfa')
    .option('--config <file>', 'config file whose overrides apply')
    .action((id: string, _raw: Record<string, unknown>, self: Command) => {
      // `checks` also has --config, and commander gives a shared option to the parent: read both levels.
      const flags = parseFlags(showFlagsSchema, self.optsWithGlobals())
      const ruleSet = ruleSetFor(flags.config, io.cwd)
      const rule = ruleSet.rules.get(id)
      if (!rule) {
        const suggestions = closeMatches(id, [...ruleSet.rules.keys()])
        throw new InputError(
          'UnknownCheck',
          `No check with id "${id}".`,
          suggestions.length > 0 ? `Did you mean: ${suggestions.join(', ')}?` : 'Run `guardrail checks` for the list of check ids.',
        )
      }
      io.stdout(renderShow(rule, ruleSet))
    })
  withExamples(show, [
    { what: 'what a check verifies, why, how to fix it, its options and controls', run: 'guardrail checks show iam.user-console-mfa' },
    { what: 'with the overrides of a config file applied', run: 'guardrail checks show iam.access-key-rotation --config guardrail.config.yaml' },
  ])
  return command
}

interface FrameworkCoverage {
  framework: { id: string; name: string; version: string }
  controls: { id: string; title: string; checks: { id: string; enabled: boolean }[]; manual: boolean }[]
}

/** A framework's controls (or one control / section): the checks that cover each, or manual. */
function frameworkCoverage(term: string, ruleSet: RuleSet): FrameworkCoverage {
  const { framework, controls } = controlsSelected(term, ruleSet.frameworks)
  const full = ruleSet.frameworks.find((f) => f.id === framework.id)!
  return {
    framework: { id: full.id, name: full.name, version: full.version },
    controls: controls.map((c) => ({
      id: c.id,
      title: full.controls.find((fc) => fc.id === c.id)?.title ?? '',
      checks: c.checks.map((id) => ({ id, enabled: ruleSet.rules.get(id)?.enabled ?? false })),
      manual: c.checks.length === 0,
    })),
  }
}

function renderFrameworkCoverage({ framework, controls }: FrameworkCoverage): string {
  const automated = controls.filter((c) => !c.manual).length
  const rows = controls.map((c) => [c.id, c.title, c.manual ? 'manual (attestation)' : c.checks.map((k) => (k.enabled ? k.id : `${k.id} (disabled)`)).join(', ')])
  const widths = [0, 1].map((i) => Math.max(i === 0 ? 7 : 5, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`
  return (
    [
      `${framework.name} ${framework.version} (${framework.id}): ${automated} of ${controls.length} control(s) checked by guardrail, ${controls.length - automated} manual`,
      '',
      line(['CONTROL', 'TITLE', 'CHECKS']),
      ...rows.map(line),
      '',
      `Scan only these: guardrail scan --framework ${framework.id}   ·   one control: --framework ${framework.id}:${controls.find((c) => !c.manual)?.id ?? controls[0]?.id ?? '1'}`,
    ].join('\n') + '\n'
  )
}

/** Every slice a check reads: required ones, those read in every region, those read of member accounts. */
function slicesRead(check: AnyCheck): string {
  const regional = (check.acrossRegions ?? []).map((k) => `${k} (every region)`)
  const members = (check.fromMembers ?? []).map((k) => `${k} (member accounts)`)
  return [...new Set([...check.requires, ...regional, ...members])].join(', ')
}
