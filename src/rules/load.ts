// Loads the checklist (rules/baseline.yaml) and the framework mappings (rules/frameworks/*.yaml),
// applies the user's overrides, and validates every check's options against its schema — so a typo
// in "maxAgeDays" fails at start-up with the file and field named, not halfway through a scan.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'
import { InputError } from '../core/errors.js'
import type { FrameworkRefs, Severity } from '../core/types.js'
import type { AnyCheck } from '../checks/define.js'
import { baselineSchema, DEFAULT_ORG_SETTINGS, frameworkSchema, type CheckOverride, type Framework, type OrgSettings } from './schema.js'
import { formatZodIssues } from '../core/zod-format.js'
import { neutralizeControl } from '../core/terminal-text.js'

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

/**
 * The largest YAML file guardrail reads (config, checklist, framework mappings). Real ones are a few
 * KiB; the cap keeps a wrong or hostile file (a 50 MB export, millions of keys) from costing minutes
 * and flooding the terminal.
 */
export const MAX_YAML_FILE_BYTES = 1024 * 1024

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB (${bytes} bytes)`
}

/** How many duplicate keys one error message lists. */
const MAX_DUPLICATES_REPORTED = 10

/**
 * Duplicate mapping keys, found in one linear walk (the yaml library's own `uniqueKeys` check compares
 * every pair of keys: 40,000 keys take seconds). Keys are compared as the parsed object sees them
 * (`1` and `"1"` collide there), complex keys are skipped, aliases are not followed. Returns the
 * first few (in file order) and how many there are.
 */
function duplicateKeys(doc: Document.Parsed, lines: LineCounter): { listed: { key: string; line: number }[]; total: number } {
  const listed: { key: string; line: number; offset: number }[] = []
  let total = 0
  const stack: unknown[] = [doc.contents]
  while (stack.length > 0) {
    const node = stack.pop()
    if (isMap(node)) {
      const seen = new Set<string>()
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const key = String(pair.key.value)
          if (!seen.has(key)) seen.add(key)
          else if (total++ < MAX_DUPLICATES_REPORTED) listed.push({ key, line: 0, offset: pair.key.range?.[0] ?? 0 })
        } else if (pair.key !== null) stack.push(pair.key)
        stack.push(pair.value)
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item)
    }
  }
  listed.sort((a, b) => a.offset - b.offset)
  return { listed: listed.map((d) => ({ key: d.key, line: lines.linePos(d.offset).line })), total }
}

function quoteKey(key: string): string {
  return neutralizeControl(JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key))
}

/** Reads at most maxBytes + 1 bytes, so /dev/zero or a FIFO cannot make guardrail read forever. */
function readBounded(file: string, maxBytes: number): { text: string; truncated: boolean } {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null)
      if (n === 0) break
      length += n
    }
    return { text: buffer.subarray(0, Math.min(length, maxBytes)).toString('utf8'), truncated: length > maxBytes }
  } finally {
    closeSync(fd)
  }
}

export function readYamlFile<S extends z.ZodTypeAny>(file: string, schema: S, what: string, maxBytes = MAX_YAML_FILE_BYTES): z.infer<S> {
  const tooLarge = (size: string) =>
    new InputError(
      'FileTooLarge',
      `${what} ${file} is ${size}; the limit is ${formatBytes(maxBytes)}.`,
      `A ${what} is normally a few KiB: check that this is the right file, and remove what does not belong in it.`,
    )
  let text: string
  try {
    const stat = statSync(file)
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(formatBytes(stat.size))
    const read = readBounded(file, maxBytes)
    if (read.truncated) throw tooLarge(`larger than ${formatBytes(maxBytes)}`)
    text = read.text
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError('FileUnreadable', `Cannot read ${what} ${file}: ${(err as Error).message}`, 'Check the path.')
  }
  const lines = new LineCounter()
  // uniqueKeys: false — duplicates are found below in linear time instead.
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines, prettyErrors: true })
  if (doc.errors.length > 0) {
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more YAML error(s))` : ''
    throw new InputError('InvalidYaml', `${file} is not valid YAML: ${doc.errors[0]!.message}${more}`, `Fix the YAML syntax in ${file}.`)
  }
  const { listed, total } = duplicateKeys(doc, lines)
  if (total > 0) {
    const items = listed.map((d) => `  - duplicate key ${quoteKey(d.key)} at line ${d.line}`)
    if (total > listed.length) items.push(`  - … and ${total - listed.length} more duplicate key(s)`)
    throw new InputError('DuplicateKey', `${file} has duplicate keys:\n${items.join('\n')}`, `Keep one of each key in ${file}: a later duplicate would silently replace the earlier one.`)
  }
  let raw: unknown
  try {
    raw = doc.toJS()
  } catch (err) {
    // e.g. an alias expanding past maxAliasCount ("billion laughs").
    throw new InputError('InvalidYaml', `${file} is not valid YAML: ${(err as Error).message}`, `Fix the YAML in ${file}.`)
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
