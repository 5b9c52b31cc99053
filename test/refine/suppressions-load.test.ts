import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { loadSuppressions } from '../../src/refine/suppressions.js'
import { SUPPRESSIONS_JSON_SCHEMA_FILE, suppressionsJsonSchema, suppressionsFileSchema } from '../../src/refine/suppressions-schema.js'
import { inputError, tempFile } from './helpers.js'

const root = join(import.meta.dirname, '..', '..')
const EXAMPLE = join(root, 'examples', 'suppressions.yaml')
const KNOWN = ALL_CHECKS.map((c) => c.id)

const VALID = `reason: accepted\n    owner: team@example.com\n    expires: 2027-03-31`
/** A file with the given entries (YAML text of each entry's restricting fields, indented for a list item). */
const fileWith = (...entries: string[]) => tempFile('suppressions.yaml', `suppressions:\n${entries.map((e) => `  - ${e}\n    ${VALID}\n`).join('')}`)
const load = (file: string) => loadSuppressions(file, KNOWN)
const rejection = (file: string) => inputError(() => load(file))

describe('loadSuppressions: accepted files', () => {
  it('loads the example file, every field of it', () => {
    const entries = load(EXAMPLE)
    expect(entries.map((e) => e.id)).toEqual(['legacy-bastion', 'sandbox-iam', undefined])
    expect(entries[0]).toMatchObject({ checks: ['ec2.no-ssh-from-internet'], accounts: ['111111111111'], regions: ['eu-west-1'], expires: '2027-03-31', owner: 'platform-team@example.com' })
    expect(entries[1]).toMatchObject({ checks: ['iam.*'], ous: ['Sandbox'], tags: { env: 'sandbox' } })
    expect(entries[2]!.findings).toEqual(['0123456789abcdef01234567'])
  })

  it('the JSON Schema for editors accepts the example and rejects what the zod schema rejects', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats.default(ajv)
    const validate = ajv.compile(JSON.parse(suppressionsJsonSchema()))
    const example = parseYaml(readFileSync(EXAMPLE, 'utf8'), { version: '1.2' })
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true)
    const entry = { checks: ['iam.*'], reason: 'r', owner: 'o', expires: '2027-03-31' }
    expect(validate({ suppressions: [entry] })).toBe(true)
    for (const bad of [
      { ...entry, acounts: ['111111111111'] },
      { ...entry, expires: '2027-02-29' },
      { ...entry, regions: ['moon-1'] },
      { ...entry, tags: {} },
      { ...entry, checks: [] },
      { checks: ['iam.*'], owner: 'o', expires: '2027-03-31' },
    ]) {
      expect(validate({ suppressions: [bad] }), JSON.stringify(bad)).toBe(false)
      expect(suppressionsFileSchema.safeParse({ suppressions: [bad] }).success, JSON.stringify(bad)).toBe(false)
    }
  })

  it('the committed schema/suppressions.schema.json is the generated one (npm run schemas)', () => {
    expect(readFileSync(join(root, SUPPRESSIONS_JSON_SCHEMA_FILE), 'utf8')).toBe(suppressionsJsonSchema())
  })

  it('an empty file, or an empty list, is no suppressions', () => {
    expect(load(tempFile('s.yaml', ''))).toEqual([])
    expect(load(tempFile('s.yaml', '# nothing yet\n'))).toEqual([])
    expect(load(tempFile('s.yaml', 'suppressions: []\n'))).toEqual([])
  })

  it.each([
    ['checks: ["*"]\n    accounts: ["111111111111"]', 'a match-all check glob next to a real restriction'],
    ['tags: { env: "*" }', 'a tag that must be present, whatever its value'],
    ['checks: ["nosuch.*"]', 'a glob that matches no check (reported unused later, not refused)'],
    ['regions: [global]', "the 'global' region"],
    ['ous: [ou-abcd-12345678]', 'an OU id'],
    ['ous: [Root]\n    checks: [iam.*]', 'the root next to a real restriction'],
  ])('accepts %s (%s)', (fields) => {
    expect(load(fileWith(fields))).toHaveLength(1)
  })

  it('reads an unquoted date the same in a YAML 1.1 document', () => {
    const file = tempFile('s.yaml', `%YAML 1.1\n---\nsuppressions:\n  - checks: [iam.root-mfa]\n    reason: r\n    owner: o\n    expires: 2027-03-31\n`)
    expect(load(file)[0]!.expires).toBe('2027-03-31')
  })

  it('trims reason and owner', () => {
    const file = tempFile('s.yaml', `suppressions:\n  - checks: [iam.root-mfa]\n    reason: "  why  "\n    owner: " who "\n    expires: 2027-03-31\n`)
    expect(load(file)[0]).toMatchObject({ reason: 'why', owner: 'who' })
  })
})

describe('loadSuppressions: every rejection names the file, the entry and the field', () => {
  it.each([
    ['an unknown key, with the closest key', ['id: bastion\n    acounts: ["111111111111"]'], 'entry 1 (bastion), acounts: unknown key; did you mean "accounts"?'],
    ['an exact check id that does not exist, with the closest id', ['checks: [ec2.no-ssh-from-internt]'], 'entry 1, checks.0: no check has the id "ec2.no-ssh-from-internt"; did you mean "ec2.no-ssh-from-internet"?'],
    ['an entry with only match-all globs', ['id: all\n    checks: ["*"]\n    resources: ["**"]'], 'entry 1 (all): this entry would mute every failure'],
    ['a match-all glob among others (OR within a field)', ['checks: ["iam.*", "*"]'], 'entry 1: this entry would mute every failure'],
    ['only the organization root, by name', ['ous: [Root]'], 'entry 1: this entry would mute every failure'],
    ['only the organization root, by id, among OUs', ['ous: [Sandbox, r-ab12]'], 'entry 1: this entry would mute every failure'],
    ['an empty list', ['checks: []'], 'entry 1, checks: an empty list restricts nothing'],
    ['an empty tag map', ['tags: {}'], 'entry 1, tags: an empty tag map restricts nothing'],
    ['a bad account id', ['accounts: ["1111"]'], 'entry 1, accounts.0: an AWS account id is 12 digits'],
    ['a bad region', ['regions: [Europe]'], "entry 1, regions.0: a region name such as eu-west-1, or 'global'"],
    ['a bad finding id', ['findings: [abc]'], 'entry 1, findings.0: a finding id is 24 lowercase hex characters'],
    ['a bad entry id', ['id: Legacy Bastion\n    checks: [iam.root-mfa]'], 'entry 1, id: an id is 1–64 of a-z'],
    ['duplicate ids', ['id: same\n    checks: [iam.root-mfa]', 'id: other\n    checks: [iam.root-mfa]', 'id: same\n    checks: [kms.key-rotation]'], 'entry 3 (same), id: duplicate id: entry 1 has the same id'],
    ['the second entry bad, the first fine', ['checks: [iam.root-mfa]', 'checks: [iam.root-mfa]\n    regions: []'], 'entry 2, regions: an empty list'],
  ])('%s', (_what, entries, expected) => {
    const file = fileWith(...entries)
    const err = rejection(file)
    expect(err.message).toContain(file)
    expect(err.message).toContain(expected)
    expect(err.exitCode).toBe(2)
  })

  it('an unknown key with no close match gets no suggestion', () => {
    const message = rejection(fileWith('checks: [iam.root-mfa]\n    zzz: 1')).message
    expect(message).toMatch(/entry 1, zzz: unknown key$/m)
  })

  it('problems are listed entry by entry', () => {
    const message = rejection(fileWith('checks: ["*"]', 'checks: []\n    acounts: []', 'checks: []')).message
    const entries = [...message.matchAll(/^ {2}- entry (\d+)/gm)].map((m) => Number(m[1]))
    expect(entries).toEqual([1, 2, 2, 3])
  })

  it('an entry with no restricting field', () => {
    const file = tempFile('s.yaml', `suppressions:\n  - id: everything\n    ${VALID}\n`)
    expect(rejection(file).message).toContain('entry 1 (everything): this entry would mute every failure')
  })

  it.each([
    ['2027-02-29', 'not a leap year'],
    ['2027-04-31', 'April has 30 days'],
    ['2027-13-01', 'no month 13'],
    ['"31/03/2027"', 'not ISO'],
    ['"2027-03-31T10:00:00Z"', 'a time, not a date'],
    ['20270331', 'a number'],
  ])('expires %s is refused (%s)', (value) => {
    const file = tempFile('s.yaml', `suppressions:\n  - checks: [iam.root-mfa]\n    reason: r\n    owner: o\n    expires: ${value}\n`)
    const err = rejection(file)
    expect(err.message).toContain('entry 1, expires:')
  })

  it.each(['reason', 'owner', 'expires'])('%s is required', (field) => {
    const fields: Record<string, string> = { reason: 'r', owner: 'o', expires: '2027-03-31' }
    delete fields[field]
    const file = tempFile('s.yaml', `suppressions:\n  - checks: [iam.root-mfa]\n${Object.entries(fields).map(([k, v]) => `    ${k}: ${v}\n`).join('')}`)
    expect(rejection(file).message).toContain(`entry 1, ${field}:`)
  })

  it('an empty reason is refused, blanks included', () => {
    const file = tempFile('s.yaml', `suppressions:\n  - checks: [iam.root-mfa]\n    reason: "   "\n    owner: o\n    expires: 2027-03-31\n`)
    expect(rejection(file).message).toContain('entry 1, reason: reason is required and may not be empty')
  })

  it('an unknown top-level key, with the closest key', () => {
    const file = tempFile('s.yaml', 'supressions: []\n')
    expect(rejection(file).message).toContain('supressions: unknown key; did you mean "suppressions"?')
  })

  it('a list at the top level instead of a map', () => {
    const file = tempFile('s.yaml', '- checks: [iam.root-mfa]\n')
    expect(rejection(file).message).toContain('(top level)')
  })

  it('reports every problem at once, capped', () => {
    const entries = Array.from({ length: 30 }, () => 'checks: []')
    const err = rejection(fileWith(...entries))
    expect(err.message).toContain('entry 1, checks')
    expect(err.message).toContain('entry 20, checks')
    expect(err.message).not.toContain('entry 21, checks')
    expect(err.message).toContain('… and 10 more problems')
  })

  it('a hostile key cannot drive the terminal or forge lines', () => {
    const file = tempFile('s.yaml', `suppressions:\n  - checks: [iam.root-mfa]\n    "\\e[2J\\nfake line": 1\n    ${VALID}\n`)
    const message = rejection(file).message
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/)
    expect(message).toContain('\\u001b')
    expect(message.split('\n').filter((l) => l.includes('fake line'))).toHaveLength(1)
  })

  it('an invalid id is not echoed as the entry name', () => {
    const file = tempFile('s.yaml', `suppressions:\n  - id: "\\e]0;title\\a"\n    checks: []\n    ${VALID}\n`)
    const message = rejection(file).message
    expect(message).toContain('entry 1, id:')
    expect(message).not.toContain('\u001b')
  })

  it('bad YAML and duplicate keys name the file (the shared YAML reader)', () => {
    const broken = tempFile('s.yaml', 'suppressions:\n  - checks: [iam.root-mfa\n')
    expect(rejection(broken).code).toBe('InvalidYaml')
    expect(rejection(broken).message).toContain(broken)
    const duplicate = tempFile('s.yaml', `suppressions:\n  - checks: [iam.root-mfa]\n    checks: [kms.key-rotation]\n    ${VALID}\n`)
    expect(rejection(duplicate).code).toBe('DuplicateKey')
  })

  it('a missing file is exit 2 naming it', () => {
    const err = rejection('/nonexistent/suppressions.yaml')
    expect(err.message).toContain('/nonexistent/suppressions.yaml')
  })
})
