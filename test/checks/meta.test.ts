// Walks every check and the files around it, so the registry, the checklist, the framework mappings
// and the tests cannot drift apart as checks are added (by any service's author).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ALL_CHECKS } from '../../src/checks/index.js'
import type { AnyCheck } from '../../src/checks/define.js'
import { InputError } from '../../src/core/errors.js'
import { DEFAULT_RULES_DIR, frameworkRefsByCheck, loadFrameworks, loadRules, readYamlFile } from '../../src/rules/load.js'
import { baselineSchema } from '../../src/rules/schema.js'
import { SLICE_KEYS } from '../../src/snapshot/slices.js'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const checksDir = join(repo, 'src', 'checks')
const SHARED_HELPERS_DIR = 'lib'

/** Every .ts file below src/checks/<service>/ (recursively: a nested file cannot be a valid check and must show up). */
function checkFiles(): { service: string; file: string }[] {
  const out: { service: string; file: string }[] = []
  const walk = (service: string, dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) walk(service, path)
      else if (entry.endsWith('.ts')) out.push({ service, file: path })
    }
  }
  for (const service of readdirSync(checksDir).sort()) {
    // src/checks/lib/ holds helpers shared by several checks (pure, like the checks); not a service.
    if (service === SHARED_HELPERS_DIR) continue
    const dir = join(checksDir, service)
    if (statSync(dir).isDirectory()) walk(service, dir)
  }
  return out
}

const files = checkFiles()
const modules = await Promise.all(
  files.map(async ({ service, file }) => ({ service, file: relative(repo, file), exported: ((await import(pathToFileURL(file).href)) as { default?: unknown }).default })),
)
const baseline = readYamlFile(join(DEFAULT_RULES_DIR, 'baseline.yaml'), baselineSchema, 'checklist baseline')
const frameworkRefs = frameworkRefsByCheck(loadFrameworks())
const byId = (check: AnyCheck) => [check.id, check] as const

describe('check registry', () => {
  it('finds the check files (the walk itself works)', () => {
    expect(files.length).toBeGreaterThan(0)
    expect(ALL_CHECKS.length).toBeGreaterThan(0)
  })

  it('has unique ids', () => {
    const ids = ALL_CHECKS.map((c) => c.id)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
  })

  it.each(modules)('$file is a registered check whose id equals its path', ({ service, file, exported }) => {
    const expectedId = `${service}.${file.replace(/^src\/checks\/[^/]+\//, '').replace(/\.ts$/, '')}`
    expect(exported, `${file} must default-export its check (defineCheck({...}))`).toBeTypeOf('object')
    expect((exported as AnyCheck).id, `${file} must declare id '${expectedId}'`).toBe(expectedId)
    expect(ALL_CHECKS.includes(exported as AnyCheck), `${file} is not registered in src/checks/index.ts`).toBe(true)
  })

  it('has a file src/checks/<service>/<name>.ts for every registered check', () => {
    const missing = ALL_CHECKS.map((c) => c.id).filter((id) => !/^[a-z0-9]+\.[a-z0-9-]+$/.test(id) || !existsSync(join(checksDir, ...id.split('.').slice(0, 1), `${id.split('.')[1]}.ts`)))
    expect(missing).toEqual([])
  })

  it('loads the baseline and every framework file against the registry', () => {
    expect(() => loadRules({ checks: ALL_CHECKS })).not.toThrow()
  })
})

describe.each(ALL_CHECKS.map(byId))('%s', (id, check) => {
  it('has a title, description, rationale and remediation', () => {
    for (const field of ['title', 'description', 'rationale', 'remediation'] as const) expect(check[field].trim(), field).not.toBe('')
  })

  it('requires only known slices', () => {
    expect(check.requires.filter((key) => !SLICE_KEYS.includes(key))).toEqual([])
  })

  it('has a table test at test/checks/<service>/<name>.test.ts', () => {
    const [service, name] = id.split('.')
    expect(existsSync(join(repo, 'test', 'checks', service!, `${name}.test.ts`)), `test/checks/${service}/${name}.test.ts`).toBe(true)
  })

  it('is in rules/baseline.yaml and mapped by at least one framework', () => {
    expect(Object.keys(baseline.checks)).toContain(id)
    const refs = frameworkRefs.get(id) ?? {}
    expect(Object.values(refs).flat().length, `${id} is mapped to no control in rules/frameworks/*.yaml`).toBeGreaterThan(0)
  })

  it('gets every option it declares from the baseline, and the baseline values parse', () => {
    const given = baseline.checks[id]?.options ?? {}
    if (!check.options) {
      // Options for a check without a schema would be silently ignored.
      expect(given, `${id} declares no options schema but the baseline sets options`).toEqual({})
      return
    }
    const parsed = check.options.safeParse(given)
    expect(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error)).toBe(true)
    // Values live in the baseline, not in code: every key of the schema must be set there.
    if (check.options instanceof z.ZodObject) {
      expect(Object.keys(check.options.shape).filter((key) => !(key in given))).toEqual([])
    }
  })

  it('declares an options schema (without one, options given in the config would be silently ignored)', () => {
    expect(check.options, `${id} must declare options (z.strictObject({}) when it has none)`).toBeDefined()
  })

  it('has a strict options schema: the baseline values plus an unknown key do not parse', () => {
    if (!check.options) return // the test above fails for this check
    const given = baseline.checks[id]?.options ?? {}
    expect(check.options.safeParse(given).success, 'the baseline values alone must parse').toBe(true)
    const typo = check.options.safeParse({ ...given, __typo: 1 })
    expect(typo.success, `${id}'s options schema accepts an unknown key: use z.strictObject`).toBe(false)
  })

  it('rejects an override with an unknown option key at load time with an InputError naming the check and the key', () => {
    let thrown: unknown
    try {
      loadRules({ checks: ALL_CHECKS, overrides: { [id]: { options: { __typo: 1 } } } })
    } catch (err) {
      thrown = err
    }
    expect(thrown, 'loadRules accepted an unknown option key').toBeInstanceOf(InputError)
    expect(thrown).toMatchObject({ code: 'InvalidCheckOptions', message: expect.stringContaining(id) })
    expect((thrown as Error).message).toContain('__typo')
  })

  it('rejects a bad option value at load time, naming the check', () => {
    const keys = check.options instanceof z.ZodObject ? Object.keys(check.options.shape) : []
    if (keys.length === 0) return
    const bad = { [keys[0]!]: { not: 'a valid value' } }
    expect(() => loadRules({ checks: ALL_CHECKS, overrides: { [id]: { options: bad } } })).toThrow(expect.objectContaining({ code: 'InvalidCheckOptions', message: expect.stringContaining(id) }))
  })
})
