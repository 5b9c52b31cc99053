// Which checks a run (or a rendering) is about: --checks, --exclude-checks, --framework and
// --min-severity. One resolver serves both places a selection applies: before a scan (the rule set
// shrinks, so unselected checks never run and their collectors' data is not needed) and when
// re-rendering a findings file (`guardrail report`: the report shrinks to the selected checks). Both
// describe themselves the same way — checks with a severity, frameworks with controls — so the
// resolver takes that shape and not either source.
//
// A selection that names something that does not exist is a typo, and a typo in CI must not quietly
// select nothing (a green build that ran no checks): unknown ids, globs that match no check, unknown
// frameworks or controls, and selections that leave no check at all are exit 2, with the closest
// matches suggested.
import { InputError } from '../core/errors.js'
import { severityAtLeast, type Severity } from '../core/types.js'
import type { RuleSet } from '../rules/load.js'
import type { FindingsReport } from '../report/schema.js'
import { closeMatches } from '../core/suggest.js'
import { compileGlob, hasWildcard } from '../core/glob.js'
import { recount } from './recount.js'

export interface SelectionInput {
  checks?: string[] | undefined
  excludeChecks?: string[] | undefined
  /** 'cis-aws-3.0', 'cis-aws-3.0:1.10' (one control) or 'cis-aws-3.0:1' (a section: 1 and 1.x). */
  framework?: string | undefined
  minSeverity?: Severity | undefined
}

export interface SelectableCheck {
  id: string
  severity: Severity
}

export interface SelectableFramework {
  id: string
  controls: readonly { id: string; checks: readonly string[] }[]
}

export const isEmptySelection = (s: SelectionInput): boolean =>
  (s.checks === undefined || s.checks.length === 0) && (s.excludeChecks === undefined || s.excludeChecks.length === 0) && s.framework === undefined && s.minSeverity === undefined

/** The ids a list of exact ids and globs names; every term must name at least one check. */
function idsNamedBy(terms: readonly string[], allIds: readonly string[], flag: string): Set<string> {
  const named = new Set<string>()
  for (const term of terms) {
    if (hasWildcard(term)) {
      const matches = compileGlob(term)
      const hits = allIds.filter((id) => matches(id))
      if (hits.length === 0) throw new InputError('UnknownCheck', `${flag}: the pattern "${term}" matches no check.`, 'Run `guardrail checks` for the list of check ids (patterns use * and ?, e.g. iam.*).')
      for (const id of hits) named.add(id)
    } else {
      if (!allIds.includes(term)) {
        const near = closeMatches(term, allIds)
        throw new InputError('UnknownCheck', `${flag}: no check with id "${term}".`, near.length > 0 ? `Did you mean: ${near.join(', ')}?` : 'Run `guardrail checks` for the list of check ids.')
      }
      named.add(term)
    }
  }
  return named
}

/** The controls a framework term selects: the framework's every control, one control, or a section. */
export function controlsSelected(term: string, frameworks: readonly SelectableFramework[]): { framework: SelectableFramework; controls: SelectableFramework['controls'] } {
  const colon = term.indexOf(':')
  const frameworkId = colon === -1 ? term : term.slice(0, colon)
  const controlId = colon === -1 ? undefined : term.slice(colon + 1)
  const framework = frameworks.find((f) => f.id === frameworkId)
  if (!framework) {
    const near = closeMatches(frameworkId, frameworks.map((f) => f.id))
    throw new InputError(
      'UnknownFramework',
      `--framework: no framework "${frameworkId}".`,
      `${near.length > 0 ? `Did you mean: ${near.join(', ')}? ` : ''}Known frameworks: ${frameworks.map((f) => f.id).join(', ')}.`,
    )
  }
  if (controlId === undefined) return { framework, controls: framework.controls }
  if (controlId === '') throw new InputError('UnknownControl', `--framework: "${term}" names no control after the colon.`, `Use e.g. --framework ${framework.id}:${framework.controls[0]?.id ?? '1'}, or just --framework ${framework.id}.`)
  const controls = framework.controls.filter((c) => c.id === controlId || c.id.startsWith(`${controlId}.`))
  if (controls.length === 0) {
    const near = closeMatches(controlId, framework.controls.map((c) => c.id))
    throw new InputError(
      'UnknownControl',
      `--framework: ${framework.id} has no control or section "${controlId}".`,
      near.length > 0 ? `Did you mean: ${near.map((c) => `${framework.id}:${c}`).join(', ')}?` : `Run \`guardrail checks --framework ${framework.id}\` for its controls.`,
    )
  }
  return { framework, controls }
}

/**
 * The selected check ids, or undefined when nothing narrows the run. Order of application: the
 * framework and --checks name candidates (both given: a check must be in both), --exclude-checks
 * removes, --min-severity keeps checks at or above it.
 */
export function resolveSelection(input: SelectionInput, checks: readonly SelectableCheck[], frameworks: readonly SelectableFramework[]): Set<string> | undefined {
  if (isEmptySelection(input)) return undefined
  const allIds = checks.map((c) => c.id)
  let selected = new Set(allIds)
  if (input.framework !== undefined) {
    const { framework, controls } = controlsSelected(input.framework, frameworks)
    const inFramework = new Set(controls.flatMap((c) => c.checks))
    if (inFramework.size === 0) {
      throw new InputError(
        'NothingSelected',
        `--framework ${input.framework}: ${controls.length === 1 ? 'this control has' : 'these controls have'} no automated checks (manual: they need an attestation, not a scan).`,
        `Run \`guardrail checks --framework ${framework.id}\` to see which controls guardrail checks and which are manual.`,
      )
    }
    selected = new Set(allIds.filter((id) => inFramework.has(id)))
  }
  if (input.checks !== undefined && input.checks.length > 0) {
    const named = idsNamedBy(input.checks, allIds, '--checks')
    selected = new Set([...selected].filter((id) => named.has(id)))
  }
  if (input.excludeChecks !== undefined && input.excludeChecks.length > 0) {
    const excluded = idsNamedBy(input.excludeChecks, allIds, '--exclude-checks')
    selected = new Set([...selected].filter((id) => !excluded.has(id)))
  }
  if (input.minSeverity !== undefined) {
    const min = input.minSeverity
    const bySeverity = new Map(checks.map((c) => [c.id, c.severity]))
    selected = new Set([...selected].filter((id) => severityAtLeast(bySeverity.get(id)!, min)))
  }
  if (selected.size === 0) {
    throw new InputError('NothingSelected', `The selection (${describeSelection(input)}) leaves no check to run.`, 'Widen --checks / --framework, or lower --min-severity; `guardrail checks` lists ids and severities.')
  }
  return selected
}

export function describeSelection(input: SelectionInput): string {
  const parts: string[] = []
  if (input.checks?.length) parts.push(`--checks ${input.checks.join(',')}`)
  if (input.excludeChecks?.length) parts.push(`--exclude-checks ${input.excludeChecks.join(',')}`)
  if (input.framework !== undefined) parts.push(`--framework ${input.framework}`)
  if (input.minSeverity !== undefined) parts.push(`--min-severity ${input.minSeverity}`)
  return parts.join(' ')
}

/** The report's record of the selection: only the parts given. */
export function selectionRecord(input: SelectionInput): NonNullable<FindingsReport['selection']> {
  return {
    ...(input.checks?.length ? { checks: [...input.checks] } : {}),
    ...(input.excludeChecks?.length ? { excludeChecks: [...input.excludeChecks] } : {}),
    ...(input.framework !== undefined ? { framework: input.framework } : {}),
    ...(input.minSeverity !== undefined ? { minSeverity: input.minSeverity } : {}),
  }
}

/** The rule set narrowed to the selection (before a scan or evaluation): unselected checks do not run. */
export function selectRuleSet(ruleSet: RuleSet, input: SelectionInput): RuleSet {
  const rules = [...ruleSet.rules.values()]
  const selected = resolveSelection(
    input,
    rules.map((r) => ({ id: r.check.id, severity: r.severity })),
    ruleSet.frameworks,
  )
  if (!selected) return ruleSet
  return { ...ruleSet, rules: new Map([...ruleSet.rules].filter(([id]) => selected.has(id))) }
}

/** A findings report narrowed to the selection (re-rendering): findings, checks and counts of the selected checks only. */
export function selectReport(report: FindingsReport, input: SelectionInput): FindingsReport {
  const frameworks = report.frameworks.map((f) => ({ id: f.id, controls: f.controls ?? [] }))
  const selected = resolveSelection(input, report.checks, frameworks)
  if (!selected) return report
  return recount({
    ...report,
    selection: selectionRecord(input),
    checks: report.checks.filter((c) => selected.has(c.id)),
    coverage: {
      ...report.coverage,
      checksDisabled: report.coverage.checksDisabled.filter((id) => selected.has(id)),
      checksSkipped: report.coverage.checksSkipped.filter((s) => selected.has(s.checkId)),
      checksRun: report.checks.filter((c) => selected.has(c.id) && c.enabled && !report.coverage.checksSkipped.some((s) => s.checkId === c.id)).length,
    },
    findings: report.findings.filter((f) => selected.has(f.checkId)),
  })
}
