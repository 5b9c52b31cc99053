import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CredentialReportFormatError, parseCredentialReport } from '../../src/collect/credential-report.js'
import { credentialReportSchema } from '../../src/snapshot/schema.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
const GENERATED = '2026-06-01T00:00:00.000Z'
const HEADER = fixture('credential-report.csv').split(/\r?\n/)[0]!

/** One data row after the header, with `overrides` applied by column name. */
function reportWith(overrides: Record<string, string>): string {
  const columns = HEADER.split(',')
  const base: Record<string, string> = Object.fromEntries(columns.map((c) => [c, c.endsWith('_active') || c === 'mfa_active' || c === 'password_enabled' ? 'false' : 'N/A']))
  Object.assign(base, { user: 'u', arn: 'arn:aws:iam::123456789012:user/u', user_creation_time: '2020-01-01T00:00:00+00:00' }, overrides)
  return `${HEADER}\n${columns.map((c) => base[c]).join(',')}\n`
}

describe('parseCredentialReport on a report shaped like the AWS documentation', () => {
  const report = parseCredentialReport(fixture('credential-report.csv'), GENERATED)
  const byUser = new Map(report.users.map((u) => [u.user, u]))

  it('reads every row, keeps generatedAt, and satisfies the snapshot schema', () => {
    expect(report.generatedAt).toBe(GENERATED)
    expect(report.users.map((u) => u.user)).toEqual(['<root_account>', 'alice', 'bob', 'carol-ci'])
    expect(credentialReportSchema.parse(report)).toEqual(report)
  })

  it('marks the <root_account> row and reads its not_supported password_enabled as null', () => {
    const root = byUser.get('<root_account>')!
    expect(root.isRoot).toBe(true)
    expect(root.arn).toBe('arn:aws:iam::123456789012:root')
    expect(root.passwordEnabled).toBeNull()
    expect(root.passwordLastChanged).toBeNull()
    expect(root.passwordLastUsed).toBe('2026-05-20T08:00:00.000Z')
    expect(root.mfaActive).toBe(true)
    expect(root.accessKeys.map((k) => k.active)).toEqual([false, false])
    expect(byUser.get('alice')!.isRoot).toBe(false)
  })

  it('normalises timestamps to ISO strings and N/A / no_information to null', () => {
    const alice = byUser.get('alice')!
    expect(alice.userCreationTime).toBe('2020-01-15T10:00:00.000Z')
    expect(alice.passwordEnabled).toBe(true)
    expect(alice.passwordLastUsed).toBe('2026-05-30T12:34:56.000Z')
    expect(alice.accessKeys[0]).toEqual({
      slot: 1,
      active: true,
      lastRotated: '2025-12-01T00:00:00.000Z',
      lastUsedDate: '2026-05-31T23:59:59.000Z',
      lastUsedRegion: 'eu-west-1',
      lastUsedService: 's3',
    })
    expect(alice.accessKeys[1]).toEqual({ slot: 2, active: false, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null })
    const bob = byUser.get('bob')!
    expect(bob.passwordLastUsed).toBeNull() // no_information
    expect(bob.mfaActive).toBe(false)
    expect(bob.arn).toBe('arn:aws:iam::123456789012:user/ops/bob')
    expect(bob.accessKeys[1]!.lastUsedService).toBe('iam')
    expect(bob.certificates).toEqual([
      { slot: 1, active: true, lastRotated: '2022-01-01T00:00:00.000Z' },
      { slot: 2, active: false, lastRotated: null },
    ])
    const carol = byUser.get('carol-ci')!
    expect(carol.passwordEnabled).toBe(false)
    expect(carol.accessKeys[0]!.active).toBe(true)
    expect(carol.accessKeys[0]!.lastUsedDate).toBeNull() // no_information: key never used
  })

  it('reads the same report with LF line endings as with CRLF', () => {
    const lf = parseCredentialReport(fixture('credential-report.csv').replace(/\r\n/g, '\n'), GENERATED)
    expect(lf).toEqual(report)
  })
})

describe('parseCredentialReport with hostile user names', () => {
  const report = parseCredentialReport(fixture('credential-report-hostile-names.csv'), GENERATED)

  it('keeps quoted names with commas and escaped quotes intact, and formula-like names verbatim', () => {
    expect(report.users.map((u) => u.user)).toEqual(['ops,admin', '=HYPERLINK(1+1)', '@evil+x.y_z-w', 'say "hi"'])
    expect(report.users[0]!.arn).toBe('arn:aws:iam::123456789012:user/ops,admin')
    expect(report.users[0]!.passwordEnabled).toBe(true)
    expect(report.users[2]!.mfaActive).toBe(true)
    expect(report.users.every((u) => !u.isRoot)).toBe(true)
  })
})

describe('parseCredentialReport with commas in user names written unquoted (as moto writes them)', () => {
  const row = (user: string, arn: string) => `${user},${arn},2020-01-01T00:00:00+00:00,true,N/A,2020-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`

  it('rejoins the user and arn columns when the ARN ends with the rejoined name', () => {
    const csv = `${HEADER}\n${row('ops,admin', 'arn:aws:iam::123456789012:user/ops,admin')}\n${row('a,b,c', 'arn:aws:iam::123456789012:user/team/a,b,c')}\n`
    const report = parseCredentialReport(csv, GENERATED)
    expect(report.users.map((u) => [u.user, u.arn, u.mfaActive])).toEqual([
      ['ops,admin', 'arn:aws:iam::123456789012:user/ops,admin', true],
      ['a,b,c', 'arn:aws:iam::123456789012:user/team/a,b,c', true],
    ])
  })

  it('still rejects extra fields that cannot be explained by a comma in the name', () => {
    expect(() => parseCredentialReport(`${HEADER}\n${row('ops', 'arn:aws:iam::123456789012:user/ops')},surplus\n`, GENERATED)).toThrow(/has 23 fields/)
    expect(() => parseCredentialReport(`${HEADER}\n${row('x,y', 'arn:aws:iam::123456789012:user/other,z')}\n`, GENERATED)).toThrow(CredentialReportFormatError)
  })
})

describe('parseCredentialReport on malformed reports', () => {
  const cases: [string, string, RegExp][] = [
    ['an empty document', '', /empty/],
    ['a header without the documented columns', 'user,arn\nalice,arn:aws:iam::1:user/alice\n', /lacks the column\(s\) user_creation_time/],
    ['a boolean that is neither true nor false', fixture('credential-report-malformed-boolean.csv'), /row 2, column mfa_active: expected true or false/],
    ['a row with fewer fields than the header', `${HEADER}\nalice,arn:aws:iam::1:user/alice\n`, /row 2 has 2 fields but the header has 22/],
    ['an unterminated quoted field', `${HEADER}\n"alice,arn:aws:iam::1:user/alice\n`, /unterminated quoted field/],
    ['a timestamp that is not ISO 8601', reportWith({ user_creation_time: 'yesterday' }), /column user_creation_time: expected an ISO 8601 timestamp/],
    ['an impossible date', reportWith({ password_last_used: '2026-13-45T99:00:00+00:00', password_enabled: 'true' }), /password_last_used/],
    ['an arn column that is not an ARN', reportWith({ arn: 'alice' }), /not an ARN/],
  ]
  for (const [name, csv, message] of cases) {
    it(`throws CredentialReportFormatError for ${name}`, () => {
      let thrown: unknown
      try {
        parseCredentialReport(csv, GENERATED)
      } catch (err) {
        thrown = err
      }
      expect(thrown).toBeInstanceOf(CredentialReportFormatError)
      expect((thrown as CredentialReportFormatError).code).toBe('MalformedCredentialReport')
      expect((thrown as Error).message).toMatch(message)
    })
  }

  it('accepts a header-only report as a report with no users (an account can have none)', () => {
    expect(parseCredentialReport(`${HEADER}\n`, GENERATED).users).toEqual([])
  })

  it('ignores columns AWS may add later, reading the others by name', () => {
    const columns = HEADER.split(',')
    const reordered = ['extra_column', ...columns.slice().reverse()]
    const row: Record<string, string> = Object.fromEntries(columns.map((c) => [c, c.endsWith('active') || c === 'password_enabled' ? 'false' : 'N/A']))
    Object.assign(row, { user: 'zed', arn: 'arn:aws:iam::123456789012:user/zed', user_creation_time: '2020-01-01T00:00:00Z', mfa_active: 'true', extra_column: 'x' })
    const csv = `${reordered.join(',')}\n${reordered.map((c) => row[c]).join(',')}\n`
    const [zed] = parseCredentialReport(csv, GENERATED).users
    expect(zed).toMatchObject({ user: 'zed', mfaActive: true, passwordEnabled: false, userCreationTime: '2020-01-01T00:00:00.000Z' })
  })
})
