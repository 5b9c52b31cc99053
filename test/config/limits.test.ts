// A config file is a few KiB. A wrong or hostile one (a 50 MB export, 40,000 unknown keys, duplicate
// keys) gets one bounded message and exit 2: the size is capped before parsing, duplicate keys are
// found in one linear pass (the yaml library's own check is quadratic), and the number of problems
// and unknown keys printed is capped with a count of the rest.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { InputError } from '../../src/core/errors.js'
import { formatZodIssues, MAX_ISSUES_REPORTED } from '../../src/core/zod-format.js'
import { MAX_YAML_FILE_BYTES, readYamlFile } from '../../src/rules/load.js'
import { configFile, loadError } from './helpers.js'


const keys = (n: number, indent = '', value = '1') => Array.from({ length: n }, (_, i) => `${indent}k${i}: ${value}`).join('\n')

describe('config size and shape limits', () => {
  it('40,000 unknown top-level keys (under 1 MiB): one bounded message naming ten keys and how many more', () => {
    const text = keys(40_000)
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_YAML_FILE_BYTES)
    const started = Date.now()
    const err = loadError(text)
    // A generous sanity bound only (the quadratic duplicate-key check took seconds for this alone).
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(err.exitCode).toBe(2)
    expect(err.message.length).toBeLessThan(600)
    expect(err.message).toContain('(top level): Unrecognized keys: "k0", "k1"')
    expect(err.message).toContain('"k9" and 39990 more')
    expect(err.message).not.toContain('"k10"')
  }, 60_000)

  it('40,000 invalid entries: 20 problems listed, then "… and 39980 more problems"', () => {
    const err = loadError(`checks:\n${keys(40_000, '  ')}`)
    const lines = err.message.split('\n')
    expect(lines.filter((l) => l.startsWith('  - checks.'))).toHaveLength(MAX_ISSUES_REPORTED)
    expect(lines.at(-1)).toBe('  … and 39980 more problems')
    expect(err.message.length).toBeLessThan(3000)
  }, 60_000)

  it('a duplicate key is an error naming the key and its line', () => {
    const err = loadError('failOn: high\nscan:\n  concurrency: 2\nfailOn: low\n')
    expect(err.code).toBe('DuplicateKey')
    expect(err.exitCode).toBe(2)
    expect(err.message).toContain('guardrail.config.yaml has duplicate keys')
    expect(err.message).toContain('duplicate key "failOn" at line 4')
  })

  it('finds duplicates at any depth, including in maps inside lists; the same key in two different maps is fine', () => {
    const nested = loadError('scan:\n  auditRole:\n    name: A\n    name: B\n')
    expect(nested.message).toContain('duplicate key "name" at line 4')
    const inList = configFile('organization:\n  sandboxOus: [a]\nchecks:\n  iam.root-mfa: { enabled: false, enabled: true }\n')
    expect(() => loadConfig(inList.file, inList.dir)).toThrow(/duplicate key "enabled" at line 4/)
    const { dir, file } = configFile('scan:\n  auditRole: { name: A }\norganization:\n  identityAccounts: []\nchecks:\n  iam.root-mfa: { enabled: false }\n  iam.user-in-group: { enabled: false }\n')
    expect(loadConfig(file, dir).config.checks['iam.root-mfa']).toEqual({ enabled: false })
    // In a list of maps, each map has its own keys.
    const list = configFile('- { a: 1 }\n- { a: 2 }\n')
    expect(readYamlFile(list.file, z.array(z.object({ a: z.number() })), 'list')).toEqual([{ a: 1 }, { a: 2 }])
    const dupInList = configFile('- { a: 1, a: 2 }\n')
    expect(() => readYamlFile(dupInList.file, z.unknown(), 'list')).toThrow(/duplicate key "a" at line 1/)
  })

  it('thousands of duplicates: the first ten in file order, then a count', () => {
    const text = `${keys(5000)}\n${keys(5000)}`
    const err = loadError(text)
    expect(err.message).toContain('duplicate key "k0" at line 5001')
    expect(err.message).toContain('duplicate key "k9" at line 5010')
    expect(err.message).not.toContain('"k10"')
    expect(err.message).toContain('… and 4990 more duplicate key(s)')
  }, 60_000)

  it('a file over 1 MiB is rejected before parsing, naming the file, its size and the limit', () => {
    const { dir, file } = configFile(`# ${'x'.repeat(MAX_YAML_FILE_BYTES)}\n`)
    const err = (() => {
      try {
        loadConfig(file, dir)
      } catch (e) {
        return e as InputError
      }
      throw new Error('expected an error')
    })()
    expect(err).toBeInstanceOf(InputError)
    expect(err.code).toBe('FileTooLarge')
    expect(err.exitCode).toBe(2)
    expect(err.message).toBe(`guardrail config ${file} is 1.0 MiB (${MAX_YAML_FILE_BYTES + 3} bytes); the limit is 1.0 MiB (${MAX_YAML_FILE_BYTES} bytes).`)
  })

  it('a file of exactly the limit is read', () => {
    const header = 'failOn: low\n'
    const { dir, file } = configFile(`${header}#${'x'.repeat(MAX_YAML_FILE_BYTES - header.length - 2)}\n`)
    expect(loadConfig(file, dir).config.failOn).toBe('low')
  })

  it('a file that is not a regular file is read only up to the limit', () => {
    // /dev/zero has size 0 and never ends: without a bounded read this would never return.
    expect(() => readYamlFile('/dev/zero', z.unknown(), 'guardrail config', 1024)).toThrow(/\/dev\/zero is larger than 1\.0 KiB \(1024 bytes\); the limit is 1\.0 KiB/)
  })

  it('through the CLI: an oversize --config exits 2 with one message', async () => {
    const { runCli } = await import('../cli/helpers.js')
    const { dir } = configFile(`# ${'x'.repeat(2 * MAX_YAML_FILE_BYTES)}\n`)
    const r = await runCli(['checks'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error: guardrail config .*guardrail\.config\.yaml is 2\.0 MiB \(\d+ bytes\); the limit is 1\.0 MiB/)
    expect(r.stderr.split('\n').length).toBeLessThanOrEqual(3)
  })
})

describe('formatZodIssues', () => {
  const schema = z.array(z.number())
  const errorWith = (n: number) => schema.safeParse(Array.from({ length: n }, () => 'x')).error!

  it('lists up to 20 problems and counts the rest', () => {
    expect(formatZodIssues(errorWith(20)).split('\n')).toHaveLength(20)
    const lines = formatZodIssues(errorWith(21)).split('\n')
    expect(lines).toHaveLength(21)
    expect(lines.at(-1)).toBe('  … and 1 more problem')
    expect(formatZodIssues(errorWith(100_000)).split('\n').at(-1)).toBe('  … and 99980 more problems')
  })

  it('quotes keys that are not plain names and clips long ones', () => {
    const long = 'k'.repeat(500)
    const error = z.record(z.string(), z.number()).safeParse({ 'a b': 'x', [long]: 'x', 'iam.root-mfa': 'x', '': 'x' }).error!
    const text = formatZodIssues(error, 'checks')
    expect(text).toContain('  - checks."a b": ')
    expect(text).toContain('  - checks.iam.root-mfa: ')
    expect(text).toContain('  - checks."": ')
    expect(text).toContain(`  - checks.${'k'.repeat(80)}…: `)
    expect(text).not.toContain('k'.repeat(81))
  })
})
