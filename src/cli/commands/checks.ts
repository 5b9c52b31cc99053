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
import { closeMatches } from '../suggest.js'

const listFlagsSchema = z.object({ json: z.boolean().default(false), config: nonEmptyFlag.optional() })
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
    .action((raw: Record<string, unknown>) => {
      const flags = parseFlags(listFlagsSchema, raw)
      const rules = [...ruleSetFor(flags.config, io.cwd).rules.values()].sort(compareIds)
      io.stdout(flags.json ? JSON.stringify(rules.map(describe), null, 2) + '\n' : renderList(rules))
    })

  command
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
  return command
}

/** Every slice a check reads: required ones, those read in every region, those read of member accounts. */
function slicesRead(check: AnyCheck): string {
  const regional = (check.acrossRegions ?? []).map((k) => `${k} (every region)`)
  const members = (check.fromMembers ?? []).map((k) => `${k} (member accounts)`)
  return [...new Set([...check.requires, ...regional, ...members])].join(', ')
}
