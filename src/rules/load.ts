// Loads the checklist (rules/baseline.yaml) and the framework mappings (rules/frameworks/*.yaml),
// applies the user's overrides, and validates every check's options against its schema — so a typo
// in "maxAgeDays" fails at start-up with the file and field named, not halfway through a scan.
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'
import { InputError } from '../core/errors.js'
import type { FrameworkRefs, Severity } from '../core/types.js'
import type { AnyCheck } from '../checks/define.js'
import { baselineSchema, DEFAULT_ORG_SETTINGS, frameworkSchema, type CheckOverride, type Framework, type OrgSettings } from './schema.js'
import { formatZodIssues } from '../core/zod-format.js'

export interface ResolvedRule {
  check: AnyCheck
  enabled: boolean
  severity: Severity
  options: unknown
  frameworks: FrameworkRefs
}

export interface RuleSet {
  rules: Map<string, ResolvedRule>
  frameworks: Framework[]
  settings: OrgSettings
}

const here = dirname(fileURLToPath(import.meta.url))
/** rules/ sits at the package root, two levels above src/rules (and dist/rules). */
export const DEFAULT_RULES_DIR = resolve(here, '..', '..', 'rules')

export function readYamlFile<S extends z.ZodTypeAny>(file: string, schema: S, what: string): z.infer<S> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError('FileUnreadable', `Cannot read ${what} ${file}: ${(err as Error).message}`, 'Check the path.')
  }
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (err) {
    throw new InputError('InvalidYaml', `${file} is not valid YAML: ${(err as Error).message}`, `Fix the YAML syntax in ${file}.`)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    throw new InputError('InvalidFile', `${file} is not a valid ${what}:\n${formatZodIssues(parsed.error)}`, `Fix the field(s) named above in ${file}.`)
  }
  return parsed.data
}

export function loadFrameworks(rulesDir = DEFAULT_RULES_DIR): Framework[] {
  const dir = join(rulesDir, 'frameworks')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => readYamlFile(join(dir, f), frameworkSchema, 'framework mapping'))
}

export function frameworkRefsByCheck(frameworks: Framework[]): Map<string, FrameworkRefs> {
  const refs = new Map<string, FrameworkRefs>()
  for (const fw of frameworks) {
    for (const control of fw.controls) {
      for (const checkId of control.checks) {
        const byFw = refs.get(checkId) ?? {}
        ;(byFw[fw.id] ??= []).push(control.id)
        refs.set(checkId, byFw)
      }
    }
  }
  return refs
}

export interface LoadRulesOptions {
  checks: readonly AnyCheck[]
  rulesDir?: string
  overrides?: Record<string, CheckOverride>
  /** Where overrides came from, for error messages. */
  overridesSource?: string
  settings?: OrgSettings
}

export function loadRules({ checks, rulesDir = DEFAULT_RULES_DIR, overrides = {}, overridesSource = 'config', settings = DEFAULT_ORG_SETTINGS }: LoadRulesOptions): RuleSet {
  const baselineFile = join(rulesDir, 'baseline.yaml')
  const baseline = readYamlFile(baselineFile, baselineSchema, 'checklist baseline')
  const frameworks = loadFrameworks(rulesDir)
  const refs = frameworkRefsByCheck(frameworks)
  const byId = new Map(checks.map((c) => [c.id, c]))

  for (const id of Object.keys(baseline.checks)) {
    if (!byId.has(id)) throw new InputError('UnknownCheck', `${baselineFile}: check "${id}" does not exist.`, 'Run `guardrail checks` for the list of check ids.')
  }
  for (const id of Object.keys(overrides)) {
    if (!byId.has(id)) {
      throw new InputError('UnknownCheck', `${overridesSource}: checks.${id}: no such check.`, 'Run `guardrail checks` for the list of check ids.')
    }
  }
  for (const fw of frameworks) {
    for (const c of fw.controls) {
      for (const id of c.checks) {
        if (!byId.has(id)) throw new InputError('UnknownCheck', `framework ${fw.id}, control ${c.id}: check "${id}" does not exist.`, 'Fix the framework file in rules/frameworks/.')
      }
    }
  }

  const rules = new Map<string, ResolvedRule>()
  for (const [id, base] of Object.entries(baseline.checks)) {
    const check = byId.get(id)!
    const override = overrides[id] ?? {}
    const mergedOptions = { ...base.options, ...(override.options ?? {}) }
    let options: unknown = mergedOptions
    if (check.options) {
      const parsed = check.options.safeParse(mergedOptions)
      if (!parsed.success) {
        const from = override.options ? `${overridesSource} (checks.${id}.options) or ${baselineFile}` : baselineFile
        throw new InputError('InvalidCheckOptions', `Options of check ${id} from ${from} are invalid:\n${formatZodIssues(parsed.error)}`, `Fix checks.${id}.options.`)
      }
      options = parsed.data
    }
    rules.set(id, {
      check,
      enabled: override.enabled ?? base.enabled,
      severity: override.severity ?? base.severity,
      options,
      frameworks: refs.get(id) ?? {},
    })
  }
  return { rules, frameworks, settings }
}
