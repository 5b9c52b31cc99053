// The review sheet from a small hand-built access map: one row per principal and path, stable row ids,
// what revoking would take, the decision columns prefilled from earlier decisions, and a CSV a
// spreadsheet cannot be attacked through.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import type { Decision } from '../../src/access/decisions.js'
import { accessMapSchema, type AccessMap, type PrincipalEntry } from '../../src/access/map-schema.js'
import { REVIEW_CSV_COLUMNS, reviewCsv, reviewDocument, reviewRowId, reviewRows } from '../../src/access/review.js'
import { accessCommand } from '../../src/cli/commands/access.js'
import { parseCsv } from '../../src/collect/csv.js'
import { runCli, tempDir } from '../cli/helpers.js'

const ID = '111111111111'
const PROD = '222222222222'
const arn = (name: string) => `arn:aws:iam::${ID}:user/${name}`
const readOnly = `arn:aws:iam::${PROD}:role/ReadOnly`
const admin = `arn:aws:iam::${PROD}:role/Admin`

function principal(name: string, extra: Partial<PrincipalEntry> = {}): PrincipalEntry {
  return {
    arn: arn(name),
    kind: 'iam-user',
    account: ID,
    name,
    groups: [],
    tags: {},
    console: { enabled: false, lastUsed: null, mfa: null },
    accessKeys: [],
    lastUsed: null,
    roles: [],
    sessions: [],
    linuxAccounts: [],
    ...extra,
  }
}

const alice = principal('alice', {
  owner: 'platform@example.com',
  groups: ['Developers', 'SshMembers'],
  console: { enabled: true, lastUsed: '2026-11-20T08:00:00Z', mfa: true },
  accessKeys: [
    { slot: 1, active: true, ageDays: 30, lastUsed: '2026-11-27T00:00:00Z' },
    { slot: 2, active: false, ageDays: 400, lastUsed: null },
  ],
  lastUsed: '2026-11-27T00:00:00Z',
  roles: [
    { roleArn: readOnly, account: PROD, verdict: 'allowed', via: [], hops: [], conditions: [], groups: ['Developers'] },
    { roleArn: admin, account: PROD, verdict: 'conditional', via: [readOnly], hops: [], conditions: ['Bool aws:MultiFactorAuthPresent ["true"] (trust policy of role Admin)'], groups: [] },
  ],
  sessions: [
    { instanceId: 'i-0web', account: PROD, region: 'eu-west-1', name: 'web-1', path: 'session-manager', verdict: 'allowed', actor: readOnly, via: [readOnly], osUser: 'ssm-user', osUserSource: 'session preferences', logged: false, allowedBy: [], conditions: [], groups: ['Developers'] },
    { instanceId: 'i-0web', account: PROD, region: 'eu-west-1', name: 'web-1', path: 'instance-connect', verdict: 'conditional', actor: arn('alice'), via: [], allowedBy: [], conditions: ['IpAddress aws:SourceIp ["10.0.0.0/8"]'], groups: ['Developers'] },
  ],
  linuxAccounts: [{ instanceId: 'i-0web', account: PROD, region: 'eu-west-1', name: 'web-1', path: 'linux-account', linuxName: 'alice', sudo: true, groups: ['SshMembers'], sshOpenTo: ['0.0.0.0/0'], lastSync: '2026-11-30T00:00:00Z' }],
})
const hostile = principal('=cmd|', { owner: '+SUM(A1)', groups: ['@evil'], console: { enabled: null, lastUsed: null, mfa: null }, lastUsed: undefined })

const map: AccessMap = accessMapSchema.parse({
  kind: 'guardrail-access-map',
  version: 1,
  tool: { name: 'guardrail', version: 'test' },
  generatedAt: '2026-12-01T00:00:00Z',
  snapshotFinishedAt: '2026-11-30T23:00:00Z',
  identityAccounts: [ID],
  principals: [alice, hostile],
  instances: [],
  gaps: [],
  stats: { principals: 2, roles: 2, instances: 1, assumeEvaluations: 4, sessionEvaluations: 2 },
})

describe('reviewRows', () => {
  const rows = reviewRows(map)

  it('one row per principal and path, in order: the principal, its roles, sessions, Linux accounts', () => {
    expect(rows.map((r) => [r.user, r.path, r.target, r.via, r.verdict, r.suggestedRevoke])).toEqual([
      ['alice', 'account', ID, '', '', 'disable-console deactivate-access-keys'],
      ['alice', 'assume-role', readOnly, '', 'allowed', 'remove-from-group:Developers'],
      ['alice', 'assume-role', admin, readOnly, 'conditional', ''],
      ['alice', 'session-manager', 'i-0web (web-1)', readOnly, 'allowed', 'remove-from-group:Developers'],
      ['alice', 'instance-connect', 'i-0web (web-1)', '', 'conditional', 'remove-from-group:Developers'],
      ['alice', 'linux-account', 'i-0web (web-1)', '', 'allowed', 'remove-from-group:SshMembers'],
      ['=cmd|', 'account', ID, '', '', ''],
    ])
    for (const r of rows) expect([r.decision, r.reviewer, r.date, r.reason]).toEqual(['', '', '', ''])
  })

  it('details: credentials and groups of the principal; conditions; OS user and logging; Linux name, sudo and SSH exposure', () => {
    const detail = Object.fromEntries(rows.filter((r) => r.user === 'alice').map((r) => [`${r.path} ${r.target}`, r.detail]))
    expect(detail[`account ${ID}`]).toBe('console: enabled, MFA on, last used 2026-11-20T08:00:00Z; key 1: active, 30 days old, last used 2026-11-27T00:00:00Z; key 2: inactive, 400 days old, last used never; groups: Developers, SshMembers')
    expect(detail[`assume-role ${admin}`]).toBe('conditions: Bool aws:MultiFactorAuthPresent ["true"] (trust policy of role Admin)')
    expect(detail['session-manager i-0web (web-1)']).toBe('OS user: ssm-user (session preferences); session logs: NO')
    expect(detail['instance-connect i-0web (web-1)']).toBe('OS user: any (not pinned by ec2:osuser); conditions: IpAddress aws:SourceIp ["10.0.0.0/8"]')
    expect(detail['linux-account i-0web (web-1)']).toBe('linux user: alice; sudo: yes; ssh open to: 0.0.0.0/0; last sync: 2026-11-30T00:00:00Z')
    expect(rows.find((r) => r.user === '=cmd|')!.detail).toBe('console: unknown; no access keys; groups: @evil')
    expect(rows.map((r) => r.lastUsed)).toEqual(['2026-11-27T00:00:00Z', '', '', '', '', '', ''])
    expect(rows[0]!.owner).toBe('platform@example.com')
  })

  it('row ids: 8 hex digits, distinct, stable across runs, and the same hash of principal, path, target and via', () => {
    expect(new Set(rows.map((r) => r.rowId)).size).toBe(rows.length)
    for (const r of rows) expect(r.rowId).toMatch(/^[0-9a-f]{8}$/)
    expect(reviewRows(map).map((r) => r.rowId)).toEqual(rows.map((r) => r.rowId))
    expect(rows[2]!.rowId).toBe(reviewRowId(arn('alice'), 'assume-role', admin, [readOnly]))
    // Renaming an instance changes what the sheet shows, not the row id a decision names.
    const renamed = accessMapSchema.parse({ ...map, principals: [{ ...alice, sessions: alice.sessions.map((s) => ({ ...s, name: 'web-renamed' })) }] })
    expect(reviewRows(renamed)[3]!.rowId).toBe(rows[3]!.rowId)
  })

  it('earlier decisions fill the decision columns: the row\'s own, else the whole principal\'s latest', () => {
    const rowId = rows[2]!.rowId
    const previous: Decision[] = [
      { principal: 'alice', decision: 'keep', reviewer: 'jane@example.com', date: '2026-09-01', reason: 'platform team', revoke: [], entry: 1 },
      { principal: arn('alice'), row: rowId, decision: 'revoke', reviewer: 'joe@example.com', date: '2026-08-01', revoke: ['remove-from-group:Developers'], entry: 2 },
      { principal: 'arn:aws:iam::999999999999:user/alice', decision: 'revoke', reviewer: 'x', date: '2026-10-01', revoke: ['disable-console'], entry: 3 },
    ]
    const filled = reviewRows(map, previous)
    expect(filled.map((r) => [r.decision, r.reviewer, r.date, r.reason])).toEqual([
      ['keep', 'jane@example.com', '2026-09-01', 'platform team'],
      ['keep', 'jane@example.com', '2026-09-01', 'platform team'],
      ['revoke', 'joe@example.com', '2026-08-01', ''],
      ['keep', 'jane@example.com', '2026-09-01', 'platform team'],
      ['keep', 'jane@example.com', '2026-09-01', 'platform team'],
      ['keep', 'jane@example.com', '2026-09-01', 'platform team'],
      ['', '', '', ''],
    ])
  })
})

describe('reviewCsv', () => {
  const rows = reviewRows(map)
  const csv = reviewCsv(rows)

  it('RFC 4180 with a BOM and CRLF: parses back to the header and one record per row', () => {
    expect(csv.startsWith('\uFEFF"row_id","principal",')).toBe(true)
    expect(csv.endsWith('\r\n')).toBe(true)
    const records = parseCsv(csv.slice(1))
    expect(records[0]).toEqual(REVIEW_CSV_COLUMNS.map((c) => c.header))
    expect(records.slice(1).map((r) => r[0])).toEqual(rows.map((r) => r.rowId))
    expect(records[3]![REVIEW_CSV_COLUMNS.findIndex((c) => c.key === 'detail')]).toBe('conditions: Bool aws:MultiFactorAuthPresent ["true"] (trust policy of role Admin)')
    expect(reviewCsv(rows, { bom: false }).startsWith('"row_id"')).toBe(true)
  })

  it('cells that a spreadsheet would run as a formula are shown as text', () => {
    const record = parseCsv(csv.slice(1)).find((r) => r[2] === "'=cmd|")!
    expect(record).toBeDefined()
    const col = (key: string) => record[REVIEW_CSV_COLUMNS.findIndex((c) => c.key === key)]
    expect(col('principal')).toBe(arn('=cmd|'))
    expect(col('owner')).toBe("'+SUM(A1)")
    expect(col('detail')).toBe('console: unknown; no access keys; groups: @evil')
    // No cell of the file starts a formula.
    for (const r of parseCsv(csv.slice(1))) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('control characters become visible escapes', () => {
    const evil = accessMapSchema.parse({ ...map, principals: [principal('x', { owner: 'a\u001b[31mred\nnext' })] })
    const out = reviewCsv(reviewRows(evil))
    expect(out).not.toContain('\u001b')
    expect(parseCsv(out.slice(1))).toHaveLength(2)
  })
})

describe('reviewDocument', () => {
  it('the JSON form names the map it came from', () => {
    const doc = reviewDocument(map, reviewRows(map), new Date('2026-12-01T10:00:00Z'))
    expect(doc).toMatchObject({ kind: 'guardrail-access-review', version: 1, generatedAt: '2026-12-01T10:00:00.000Z', map: { generatedAt: map.generatedAt, snapshotFinishedAt: map.snapshotFinishedAt, identityAccounts: [ID] } })
    expect(doc.rows).toHaveLength(7)
  })
})

describe('guardrail access review (the command)', () => {
  // The real `access` command, whose own options share names with review's (--out, --config, --quiet):
  // `access review --out` must reach the subcommand.
  async function review(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
    let stdout = ''
    let stderr = ''
    const ctx = { io: { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), cwd, env: {} }, deps: {}, setExitCode: () => {} }
    const access = accessCommand(ctx as never)
    const program = new Command('guardrail').exitOverride().addCommand(access)
    for (const c of [access, ...access.commands]) c.exitOverride()
    await program.parseAsync(['access', 'review', ...args], { from: 'user' })
    return { stdout, stderr }
  }
  const dir = () => {
    const d = tempDir('guardrail-review-')
    writeFileSync(join(d, 'access-map.json'), JSON.stringify(map))
    return d
  }

  it('through the real CLI: `guardrail access review --out` reaches this command, bad input is exit 2', async () => {
    const d = dir()
    const ok = await runCli(['access', 'review', '--out', 'sheet.csv', '--quiet'], { cwd: d })
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '', ''])
    expect(parseCsv(readFileSync(join(d, 'sheet.csv'), 'utf8').slice(1))).toHaveLength(8)
    const bad = await runCli(['access', 'review', 'nope.json'], { cwd: d })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^error: access map .*nope\.json does not exist\.\nhint: Write it first/)
  })

  it('writes the CSV sheet from ./access-map.json by default, and says what it wrote', async () => {
    const d = dir()
    const r = await review(['--out', 'review.csv'], d)
    const records = parseCsv(readFileSync(join(d, 'review.csv'), 'utf8').slice(1))
    expect(records).toHaveLength(8)
    expect(r.stdout).toContain('Access review: 7 row(s) for 2 IAM user(s), 2 conditional; no earlier decisions.')
    expect(r.stdout).toContain('Written: review.csv')
    expect(r.stderr).toBe('')
  })

  it('--format json, --decisions prefill, and decisions naming nobody in the map are warned about', async () => {
    const d = dir()
    const rowId = reviewRows(map)[2]!.rowId
    writeFileSync(join(d, 'previous.yaml'), `review: { reviewer: jane@example.com, date: 2026-09-01 }\ndecisions:\n  - { principal: alice, decision: keep }\n  - { principal: ${arn('alice')}, row: ${rowId}, decision: revoke, revoke: [remove-from-group:Developers] }\n  - { principal: carol, decision: keep }\n  - { principal: alice, row: 0000aaaa, decision: keep }\n`)
    const r = await review(['--format', 'json', '--decisions', 'previous.yaml', '--quiet'], d)
    const doc = JSON.parse(readFileSync(join(d, 'access-review.json'), 'utf8')) as ReturnType<typeof reviewDocument>
    expect(doc.rows.map((x) => x.decision)).toEqual(['keep', 'keep', 'revoke', 'keep', 'keep', 'keep', ''])
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'warning: decisions entry 3: carol is not a principal of this access map',
      'warning: decisions entry 4: row 0000aaaa of alice is not in this sheet (the access path is gone or changed)',
    ])
  })

  it('bad input is an InputError naming what is wrong: no map, not a map, a bad flag, a bad decisions file', async () => {
    const d = dir()
    await expect(review(['missing.json'], d)).rejects.toMatchObject({ code: 'AccessMapNotFound', exitCode: 2 })
    writeFileSync(join(d, 'findings.json'), JSON.stringify({ schemaVersion: 1 }))
    await expect(review(['findings.json'], d)).rejects.toMatchObject({ code: 'InvalidAccessMap', message: expect.stringContaining('is not a guardrail access map') })
    writeFileSync(join(d, 'broken.json'), JSON.stringify({ ...map, principals: [{ arn: 'x' }] }))
    await expect(review(['broken.json'], d)).rejects.toMatchObject({ code: 'InvalidAccessMap', message: expect.stringContaining('principals.0') })
    await expect(review(['--format', 'xlsx'], d)).rejects.toMatchObject({ code: 'InvalidFlag', message: expect.stringContaining('--format: "xlsx" is not valid: expected csv or json') })
    await expect(review(['--decisions', 'nope.yaml'], d)).rejects.toMatchObject({ code: 'DecisionsNotFound' })
    writeFileSync(join(d, 'bad.yaml'), 'decisions:\n  - { principal: alice, decision: keep, reviewer: j, date: 2999-01-01 }\n')
    await expect(review(['--decisions', 'bad.yaml'], d)).rejects.toMatchObject({ code: 'InvalidDecisions', message: expect.stringContaining('decisions[0] (entry 1).date: 2999-01-01 is in the future') })
  })

  it('without --decisions, the config\'s access.decisions prefills (relative to the config file)', async () => {
    const d = dir()
    mkdirSync(join(d, 'conf'))
    writeFileSync(join(d, 'conf', 'decisions.yaml'), 'decisions:\n  - { principal: alice, decision: keep, reviewer: j, date: 2026-01-01 }\n')
    writeFileSync(join(d, 'conf', 'guardrail.config.yaml'), 'access:\n  decisions: decisions.yaml\n')
    await review(['--config', 'conf/guardrail.config.yaml', '--out', 'out/sheet.csv'], d)
    const records = parseCsv(readFileSync(join(d, 'out', 'sheet.csv'), 'utf8').slice(1))
    expect(records.map((x) => x[REVIEW_CSV_COLUMNS.findIndex((c) => c.key === 'decision')])).toEqual(['decision', 'keep', 'keep', 'keep', 'keep', 'keep', 'keep', ''])
  })
})
