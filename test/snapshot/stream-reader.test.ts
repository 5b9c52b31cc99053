// The streaming snapshot reader: the same result as JSON.parse + snapshotSchema for any JSON layout
// of a snapshot, whatever the chunk boundaries; every broken file an InputError (never a raw
// SyntaxError) naming the file and where; memory bounded by one account.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { snapshotSchema, type AccountSnapshot, type Snapshot } from '../../src/snapshot/schema.js'
import { MAX_DEPTH, memorySource, newStats, readSnapshotHeader, readSnapshotStreaming, streamSnapshotAccounts, type SnapshotSource, type StreamReaderOptions } from '../../src/snapshot/stream-reader.js'
import { accountIdOf, makeAccount, makeHeader, writeLargeSnapshotFile } from '../../bench/make-large-snapshot.js'
import { seededRandom } from '../../tools/prng.js'
import { accountSnapshot, group, managedPolicy, role, snapshot, user } from '../support/builders.js'
import { MANAGEMENT_ID, orgSnapshot } from '../support/org-builders.js'

const dir = mkdtempSync(join(tmpdir(), 'guardrail-stream-reader-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let fileNo = 0
function writeTemp(content: string | Buffer, name = `snap-${fileNo++}.json`): string {
  const file = join(dir, name)
  writeFileSync(file, content)
  return file
}

// Strings that would break a splitter that does not track strings and escapes properly.
const HOSTILE = ['evil]}', '"quoted"', 'back\\slash\\', 'both ] } [ { , : " \\', '\u2028line\u2029sep', 'emoji 😀🔐 and 中文 and ü', '\\"}]', '\u0000\u001f', '\\']

function hostileSnapshot(): Snapshot {
  const docs = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: HOSTILE.map((h) => `arn:aws:s3:::${h}`), Condition: { StringLike: { 'aws:PrincipalTag/}]': HOSTILE } } }] }
  const a = accountSnapshot({
    accountId: '111111111111',
    users: [
      user({ name: 'alice]}', password: true, mfa: true, groups: ['ops"}]'], tags: Object.fromEntries(HOSTILE.map((h, i) => [`${h}-${i}`, h])) }),
      user({ name: 'bøb😀', keys: [{ ageDays: 400, lastUsedDaysAgo: 3 }], inlinePolicies: [{ name: '"inline\\', document: docs }] }),
      user({ name: 'zoë\u2028', password: true, passwordLastUsedDaysAgo: 10 }),
    ],
    groups: [group('ops"}]', { inlinePolicies: [{ name: '}]', document: docs }] })],
    roles: [role('role-[', { assumeRolePolicy: docs })],
    policies: [managedPolicy('p\\"', docs)],
  })
  a.name = HOSTILE.join('|')
  a.tags = { '"': '\\', ']': '}', '😀': 'ü', '\u2028': '\u2029' }
  a.regional = {
    'eu-west-1': { 'ec2.securityGroups': { kind: 'ok', value: [{ groupId: 'sg-1', groupName: 'web ] }', arn: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }] }] } },
  }
  a.extra = { note: HOSTILE, nested: { deep: [[[{ '}': ']' }]]], empty: {}, none: [], n: -1.5e-7, t: true, f: false, z: null } }
  const b = accountSnapshot({ accountId: '222222222222', users: [user({ name: 'x' })] })
  b.access = { kind: 'unreadable', error: { code: 'AccessDenied', message: 'not "authorized" ]}', operation: 'sts:AssumeRole' } }
  delete b.iam
  const c = accountSnapshot({ accountId: '333333333333' })
  const s = snapshot(a, b, c)
  s.tool = { name: 'guardrail', version: '1.0.0 "}]' }
  s.apiCalls = { sts: 1, '"}]': 2 }
  return s
}

/** The organization scan's assembler layout: compact header, then one account per line. */
function assembleLayout(s: Snapshot): string {
  const { accounts, ...header } = s
  const head = JSON.stringify(header)
  return `${head.slice(0, -1)},"accounts":[${accounts.map((a, i) => `${i === 0 ? '\n' : ',\n'}${JSON.stringify(a)}`).join('')}${accounts.length ? '\n' : ''}]}\n`
}

/** `guardrail collect`'s layout: pretty, with header keys before and after `accounts`. */
const prettyLayout = (s: Snapshot): string => JSON.stringify(s, null, 2)

/**
 * Any other valid layout: keys in another order (accounts first), random JSON whitespace between every
 * token, and random characters of strings (keys included) written as \u escapes — "accounts" too.
 */
function weirdLayout(s: Snapshot, seed: number): string {
  const rnd = seededRandom(seed)
  const ws = () => {
    let out = ''
    while (rnd() < 0.4) out += [' ', '\t', '\n', '\r\n'][Math.floor(rnd() * 4)]
    return out
  }
  const str = (text: string) => {
    let out = '"'
    for (const ch of text) {
      if (rnd() < 0.25) {
        for (let k = 0; k < ch.length; k++) out += `\\u${ch.charCodeAt(k).toString(16).padStart(4, rnd() < 0.5 ? '0' : '0')}`
      } else out += JSON.stringify(ch).slice(1, -1)
    }
    return `${out}"`
  }
  const value = (v: unknown): string => {
    if (Array.isArray(v)) return `[${ws()}${v.map((x) => `${ws()}${value(x)}${ws()}`).join(',')}${ws()}]`
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined)
      return `{${ws()}${entries.map(([k, x]) => `${ws()}${str(k)}${ws()}:${ws()}${value(x)}${ws()}`).join(',')}${ws()}}`
    }
    if (typeof v === 'string') return str(v)
    return JSON.stringify(v)
  }
  const { accounts, ...header } = s
  const keys = Object.keys(header).reverse()
  const entries = [`${ws()}"acc\\u006funts"${ws()}:${ws()}${value(accounts)}`, ...keys.map((k) => `${ws()}${str(k)}${ws()}:${ws()}${value((header as Record<string, unknown>)[k])}${ws()}`)]
  return `${ws()}{${entries.join(',')}}${ws()}`
}

async function collect(file: string | SnapshotSource, options: StreamReaderOptions = {}): Promise<AccountSnapshot[]> {
  const out: AccountSnapshot[] = []
  for await (const a of streamSnapshotAccounts(file, options)) out.push(a)
  return out
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise
  } catch (err) {
    if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${String(err)}`, { cause: err })
    expect(err.exitCode).toBe(2)
    return err
  }
  throw new Error('expected an InputError, but the read succeeded')
}

/** Both passes; whichever fails first (header, then accounts) — as a reader of the file would. */
const readBoth = (file: string | SnapshotSource, options: StreamReaderOptions = {}) => readSnapshotStreaming(file, options)

const LAYOUTS: [string, (s: Snapshot) => string][] = [
  ['assemble', assembleLayout],
  ['pretty', prettyLayout],
  ['weird (keys reordered, whitespace everywhere, \\u escapes)', (s) => weirdLayout(s, 7)],
]

describe('streaming snapshot reader: same result as JSON.parse + snapshotSchema', () => {
  const cases: [string, Snapshot][] = [
    ['hostile strings', hostileSnapshot()],
    ['organization', orgSnapshot({ accounts: [{ id: '444444444444', name: 'prod ]}' }], accountSnapshots: [accountSnapshot({ accountId: '444444444444' })] })],
    ['no accounts', snapshot()],
  ]
  for (const [caseName, s] of cases) {
    for (const [layoutName, layout] of LAYOUTS) {
      it(`${caseName}, ${layoutName} layout, chunk sizes 1, 2, 3, 7, 64 and the default`, async () => {
        const text = layout(s)
        const file = writeTemp(text)
        const expected = snapshotSchema.parse(JSON.parse(text))
        // From memory at every chunk size; from the file (fs read stream) at 7 bytes and the default.
        const inputs: [string | SnapshotSource, number | undefined][] = [
          ...[1, 2, 3, 7, 64].map((n): [SnapshotSource, number] => [memorySource(text), n]),
          [file, 7],
          [file, undefined],
        ]
        for (const [input, chunkSize] of inputs) {
          const got = await readSnapshotStreaming(input, chunkSize === undefined ? {} : { chunkSize })
          expect(got, `chunk size ${chunkSize}`).toEqual(expected)
          // Same keys in the same order as snapshotSchema gives them.
          expect(JSON.stringify(got)).toBe(JSON.stringify(expected))
          const { header, accountCount } = await readSnapshotHeader(input, chunkSize === undefined ? {} : { chunkSize })
          expect(accountCount).toBe(expected.accounts.length)
          const { accounts: _a, ...expectedHeader } = expected
          expect(header).toEqual(expectedHeader)
        }
      })
    }
  }

  it('many random layouts of the hostile snapshot, random chunk sizes', async () => {
    const s = hostileSnapshot()
    const expected = snapshotSchema.parse(s)
    const rnd = seededRandom(42)
    for (let seed = 1; seed <= 12; seed++) {
      const file = memorySource(weirdLayout(s, seed))
      const chunkSize = 1 + Math.floor(rnd() * 40)
      expect(await readSnapshotStreaming(file, { chunkSize }), `seed ${seed}, chunk ${chunkSize}`).toEqual(expected)
    }
  })

  it('multi-byte UTF-8 split at every position (chunks of 1 to 5 bytes, no escapes)', async () => {
    const s = snapshot(accountSnapshot({ accountId: '555555555555' }))
    s.accounts[0]!.name = '€😀中ü'.repeat(5)
    const file = memorySource(JSON.stringify(s))
    for (const chunkSize of [1, 2, 3, 4, 5]) expect((await readSnapshotStreaming(file, { chunkSize })).accounts[0]!.name).toBe(s.accounts[0]!.name)
  })

  it('accepts a UTF-8 byte order mark, and "__proto__" as a plain (ignored) header key', async () => {
    const s = snapshot(accountSnapshot())
    const text = `{"__proto__":{"polluted":true},${JSON.stringify(s).slice(1)}`
    const file = writeTemp(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))
    for (const chunkSize of [1, 2, 1024]) expect(await readSnapshotStreaming(file, { chunkSize })).toEqual(snapshotSchema.parse(s))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('a header key given twice: the last one wins, as with JSON.parse', async () => {
    const s = snapshot(accountSnapshot())
    const text = `{"finishedAt":"first",${JSON.stringify(s).slice(1, -1)},"finishedAt":"last"}`
    expect((await readSnapshotStreaming(writeTemp(text))).finishedAt).toBe('last')
  })

  it('stops reading when the consumer stops early', async () => {
    const s = snapshot(accountSnapshot({ accountId: '111111111111' }), accountSnapshot({ accountId: '222222222222' }), accountSnapshot({ accountId: '333333333333' }))
    const file = writeTemp(assembleLayout(s))
    const stats = newStats()
    for await (const a of streamSnapshotAccounts(file, { chunkSize: 16, stats })) {
      expect(a.accountId).toBe('111111111111')
      break
    }
    expect(stats.accounts).toBe(1)
    expect(stats.bytesRead).toBeLessThan(statSync(file).size)
  })
})

describe('streaming snapshot reader: broken files are InputErrors naming the file and where', () => {
  const good = assembleLayout(snapshot(accountSnapshot({ accountId: '111111111111', users: [user({ name: 'a]}"\\' })] }), accountSnapshot({ accountId: '222222222222' })))

  it('a missing file, a directory', async () => {
    const missing = join(dir, 'nope.json')
    let err = await inputError(readSnapshotHeader(missing))
    expect(err.code).toBe('SnapshotUnreadable')
    expect(err.message).toBe(`Cannot read snapshot ${missing}: no such file`)
    err = await inputError(collect(missing))
    expect(err.code).toBe('SnapshotUnreadable')
    const sub = join(dir, 'a-directory')
    mkdirSync(sub)
    err = await inputError(readSnapshotHeader(sub))
    expect(err.code).toBe('SnapshotUnreadable')
    expect(err.message).toContain(sub)
  })

  it('names the file as displayName when given', async () => {
    const err = await inputError(readSnapshotHeader(writeTemp('{'), { displayName: 'snapshot.json' }))
    expect(err.message).toMatch(/^snapshot\.json is not valid JSON: the file ends unexpectedly at byte 1/)
  })

  it('an empty file, only whitespace', async () => {
    expect((await inputError(readSnapshotHeader(writeTemp('')))).message).toMatch(/is not valid JSON: the file is empty/)
    expect((await inputError(readSnapshotHeader(writeTemp(' \n\t')))).message).toMatch(/only whitespace/)
  })

  it('every truncation of a valid file, in both passes (from memory; every 50th also from a file)', async () => {
    const end = good.lastIndexOf('}') + 1
    for (let cut = 0; cut < end; cut++) {
      const source = memorySource(good.slice(0, cut), 'truncated.json')
      const inputs: [string | SnapshotSource, number][] = [[source, 4096], ...(cut % 61 === 0 ? [[source, 1], [source, 5]] as [SnapshotSource, number][] : [])]
      if (cut % 50 === 0) inputs.push([writeTemp(good.slice(0, cut), 'truncated.json'), 3])
      for (const [file, chunkSize] of inputs) {
        const head = await inputError(readSnapshotHeader(file, { chunkSize }))
        expect(head.code, `cut at ${cut}`).toBe('SnapshotNotJson')
        expect(head.message).toMatch(/truncated\.json is not valid JSON: /)
        if (cut % 3 !== 0) continue
        const accounts = await inputError(collect(file, { chunkSize }))
        expect(accounts.code, `cut at ${cut}`).toBe('SnapshotNotJson')
      }
    }
    // Only trailing whitespace may go.
    expect((await readSnapshotStreaming(writeTemp(good.slice(0, end)))).accounts).toHaveLength(2)
  })

  it('a truncation inside an account names the account and the byte offset', async () => {
    const cut = good.indexOf('222222222222')
    const err = await inputError(readSnapshotHeader(writeTemp(good.slice(0, cut))))
    expect(err.message).toMatch(new RegExp(`ends unexpectedly at byte ${cut} inside account #1 \\(which starts at byte \\d+\\) \\(truncated\\?\\)`))
  })

  it('trailing garbage after the top-level object', async () => {
    for (const tail of ['x', '{}', ']', ',', '\n}\n', '"']) {
      const text = `${good.trimEnd()}\n${tail}`
      const at = good.trimEnd().length + 1 + tail.indexOf(tail.trim())
      for (const chunkSize of [1, 4096]) {
        const err = await inputError(readSnapshotHeader(memorySource(text), { chunkSize }))
        expect(err.code).toBe('SnapshotNotJson')
        expect(err.message).toContain(`unexpected data after the end of the snapshot object at byte ${at}`)
        expect((await inputError(collect(memorySource(text), { chunkSize }))).code).toBe('SnapshotNotJson')
      }
    }
  })

  it('the top level is not an object', async () => {
    for (const text of ['[]', '[{"schemaVersion":1}]', '"snapshot"', '42', 'null', 'true']) {
      const err = await inputError(readSnapshotHeader(writeTemp(text)))
      expect(err.code, text).toBe('InvalidSnapshot')
      expect(err.message).toMatch(/is not a guardrail snapshot: the top level is .+, not a JSON object/)
    }
    for (const text of ['<html>', 'x{}', '}']) expect((await inputError(readSnapshotHeader(writeTemp(text)))).code).toBe('SnapshotNotJson')
  })

  it('structural mistakes at the top level and in accounts, with their byte offset', async () => {
    const cases: [string, RegExp][] = [
      ['{"schemaVersion" 1}', /unexpected '1' at byte 17 after the key "schemaVersion" where ':' should be/],
      ['{"schemaVersion":1 "tool":{}}', /unexpected '"' at byte 19 where ',' or '}' should be/],
      ['{"schemaVersion":1,}', /unexpected '}' at byte 19 where a key should be \(a trailing comma\?\)/],
      ['{schemaVersion:1}', /unexpected 's' at byte 1 where a key or '}' should be/],
      ['{"schemaVersion":}', /unexpected '}' at byte 17 where a value should start/],
      ['{"accounts":[{},]}', /unexpected '\]' at byte 16 after a trailing comma in "accounts"/],
      ['{"accounts":[{} {}]}', /unexpected '\{' at byte 16 after account #0 where ',' or '\]' should be/],
      ['{"accounts":[,]}', /unexpected ',' at byte 13 where account #0 should start/],
      ['{"accounts":[{"a":[1}]]}', /mismatched '}' at byte 20 \(in account #0, which starts at byte 13\)/],
      ['{"tool":{"a":[}}', /mismatched '}' at byte 14 \(in the value of "tool", which starts at byte 8\)/],
      ['{"bad\\x":1}', /bad key at byte 1/],
    ]
    for (const [text, message] of cases) {
      for (const chunkSize of [1, 4096]) {
        const err = await inputError(readSnapshotHeader(memorySource(text), { chunkSize }))
        expect(err.code, text).toBe('SnapshotNotJson')
        expect(err.message, text).toMatch(message)
      }
    }
  })

  it('invalid JSON inside a header value', async () => {
    const text = good.replace('"tool":{"name":"guardrail"', '"tool":{"name":guardrail')
    const err = await inputError(readSnapshotHeader(writeTemp(text)))
    expect(err.code).toBe('SnapshotNotJson')
    expect(err.message).toMatch(/is not valid JSON: the value of "tool" \(at byte \d+\): /)
  })

  it('invalid JSON inside an account: counted by pass 1, refused by pass 2 with the account index and byte', async () => {
    const start = good.indexOf('{"accountId":"222222222222"')
    const text = good.replace('{"accountId":"222222222222"', '{"accountId":"222222222222",,')
    const file = writeTemp(text)
    expect((await readSnapshotHeader(file)).accountCount).toBe(2)
    const seen: string[] = []
    const err = await inputError(
      (async () => {
        for await (const a of streamSnapshotAccounts(file)) seen.push(a.accountId)
      })(),
    )
    expect(seen).toEqual(['111111111111'])
    expect(err.code).toBe('SnapshotNotJson')
    expect(err.message).toMatch(new RegExp(`is not valid JSON: account #1 \\(at byte ${start}\\): `))
    // A bare word where a value should be inside an account, and control characters in a string.
    for (const bad of [good.replace('"regions":', '"regions":nope,"x":'), good.replace('"collectedAt":"', '"collectedAt":"\n')]) {
      expect((await inputError(collect(writeTemp(bad)))).code).toBe('SnapshotNotJson')
    }
  })

  it('nesting deeper than MAX_DEPTH', async () => {
    const text = `{"extra":${'['.repeat(MAX_DEPTH + 1)}`
    const err = await inputError(readSnapshotHeader(writeTemp(text)))
    expect(err.message).toMatch(new RegExp(`nesting deeper than ${MAX_DEPTH} levels`))
  })

  it('accounts missing, or not an array', async () => {
    const { accounts: _a, ...header } = snapshot()
    let err = await inputError(readSnapshotHeader(writeTemp(JSON.stringify(header))))
    expect(err.code).toBe('InvalidSnapshot')
    expect(err.message).toContain('  - accounts: missing (expected an array of accounts)')
    err = await inputError(collect(writeTemp(JSON.stringify(header))))
    expect(err.code).toBe('InvalidSnapshot')
    for (const [value, kind] of [['{}', 'an object'], ['null', 'null'], ['"x"', 'a string'], ['3', 'a number'], ['false', 'a boolean']]) {
      const file = writeTemp(JSON.stringify({ ...header, accounts: JSON.parse(value!) }))
      err = await inputError(readSnapshotHeader(file))
      expect(err.code).toBe('InvalidSnapshot')
      expect(err.message).toContain(`  - accounts: expected an array of accounts, found ${kind}`)
      expect((await inputError(collect(file))).code).toBe('InvalidSnapshot')
    }
    err = await inputError(readSnapshotHeader(writeTemp(`{"accounts":[],${JSON.stringify(header).slice(1, -1)},"accounts":[]}`)))
    expect(err.code).toBe('InvalidSnapshot')
    expect(err.message).toMatch(/has a second "accounts" key at byte \d+/)
  })

  it('schemaVersion: checked first, as read-snapshot does', async () => {
    const s = snapshot(accountSnapshot()) as unknown as Record<string, unknown>
    let err = await inputError(readSnapshotHeader(writeTemp(JSON.stringify({ ...s, schemaVersion: 2, caller: 'broken' }))))
    expect(err.code).toBe('SnapshotVersion')
    expect(err.message).toMatch(/: schemaVersion is 2, this guardrail reads snapshot schema version 1\.$/)
    const { schemaVersion: _v, ...noVersion } = s
    err = await inputError(readSnapshotHeader(writeTemp(JSON.stringify(noVersion))))
    expect(err.code).toBe('SnapshotVersion')
    expect(err.message).toContain('schemaVersion is undefined')
  })

  it('an invalid header field is named', async () => {
    const s = snapshot(accountSnapshot()) as unknown as Record<string, unknown>
    const { caller: _c, ...rest } = s
    const err = await inputError(readSnapshotHeader(writeTemp(JSON.stringify({ ...rest, tool: { name: 'guardrail' } }))))
    expect(err.code).toBe('InvalidSnapshot')
    expect(err.message).toMatch(/is not a valid guardrail snapshot:\n/)
    expect(err.message).toContain('  - tool.version:')
    expect(err.message).toContain('  - caller:')
  })

  it('an invalid account names its index, its id and the field path', async () => {
    const a = accountSnapshot({ accountId: '111111111111' })
    const b = accountSnapshot({ accountId: '222222222222' }) as unknown as Record<string, unknown>
    b.regions = 'eu-west-1'
    const file = writeTemp(assembleLayout({ ...snapshot(a), accounts: [a, b as unknown as AccountSnapshot] }))
    expect((await readSnapshotHeader(file)).accountCount).toBe(2)
    const err = await inputError(collect(file))
    expect(err.code).toBe('InvalidSnapshot')
    expect(err.message).toMatch(/is not a valid guardrail snapshot: account #1 \(222222222222\):\n  - accounts\.1\.regions: /)
    // No usable id: the index alone.
    const c = { ...accountSnapshot({ accountId: '333333333333' }), accountId: 42 }
    const err2 = await inputError(collect(writeTemp(assembleLayout({ ...snapshot(a), accounts: [c as unknown as AccountSnapshot] }))))
    expect(err2.message).toMatch(/account #0:\n  - accounts\.0\.accountId: /)
    const err3 = await inputError(collect(writeTemp(assembleLayout({ ...snapshot(a), accounts: ['x' as unknown as AccountSnapshot] }))))
    expect(err3.message).toMatch(/account #0:\n  - accounts\.0: /)
  })

  it('a duplicate account id is a DuplicateAccount error naming the id and both indices', async () => {
    const ids = ['111111111111', '222222222222', '111111111111']
    const s = snapshot(...ids.map((accountId) => accountSnapshot({ accountId })))
    const file = writeTemp(prettyLayout(s))
    expect((await readSnapshotHeader(file)).accountCount).toBe(3)
    const err = await inputError(collect(file))
    expect(err.code).toBe('DuplicateAccount')
    expect(err.message).toBe(`${file}: account 111111111111 appears twice (accounts #0 and #2).`)
    expect((await inputError(readBoth(file))).code).toBe('DuplicateAccount')
  })

  it('never lets a SyntaxError through: random byte corruption of a valid file', async () => {
    const text = prettyLayout(hostileSnapshot())
    const rnd = seededRandom(9)
    const punctuation = '{}[]",:\\ x0'
    for (let n = 0; n < 400; n++) {
      const bytes = Buffer.from(text)
      const at = Math.floor(rnd() * bytes.length)
      bytes[at] = punctuation.charCodeAt(Math.floor(rnd() * punctuation.length))
      const file = memorySource(bytes, 'corrupt.json')
      try {
        await readBoth(file, { chunkSize: 1 + Math.floor(rnd() * 50) })
      } catch (err) {
        expect(err, `corruption at byte ${at}`).toBeInstanceOf(InputError)
      }
    }
  })
})

describe('streaming snapshot reader: memory is bounded by one account', () => {
  it('3,000 generated accounts: never more than the largest account buffered, in any chunk size', async () => {
    const options = { accounts: 3000, users: 1, regions: 1, seed: 3, layout: 'assemble' as const }
    const file = join(dir, 'many.json')
    const { bytes } = await writeLargeSnapshotFile(file, options)
    let largestAccount = 0
    for (let i = 0; i < options.accounts; i++) largestAccount = Math.max(largestAccount, Buffer.byteLength(JSON.stringify(makeAccount(i, options))))
    const largestHeaderValue = Buffer.byteLength(JSON.stringify(makeHeader(options).organization))
    expect(largestHeaderValue).toBeGreaterThan(largestAccount * 10)

    for (const chunkSize of [4093]) {
      const stats = newStats()
      let n = 0
      for await (const a of streamSnapshotAccounts(file, { chunkSize, stats })) {
        expect(a.accountId).toBe(accountIdOf(n))
        n++
        expect(stats.maxBufferedBytes).toBeLessThanOrEqual(largestAccount)
      }
      expect(n).toBe(options.accounts)
      expect(stats).toMatchObject({ accounts: options.accounts, bytesRead: bytes, maxBufferedBytes: largestAccount })
      expect(stats.chunks).toBe(Math.ceil(bytes / chunkSize))

      // Pass 1 holds one header value at a time (here the organization slice) and no account.
      const headerStats = newStats()
      expect((await readSnapshotHeader(file, { chunkSize, stats: headerStats })).accountCount).toBe(options.accounts)
      expect(headerStats.maxBufferedBytes).toBe(largestHeaderValue)
      expect(headerStats.accounts).toBe(options.accounts)
    }
  })
})

describe('bench/make-large-snapshot.ts', () => {
  for (const layout of ['assemble', 'pretty'] as const) {
    it(`writes a valid snapshot (${layout}), deterministic, read identically by the streaming reader`, async () => {
      const options = { accounts: 3, users: 4, regions: 2, seed: 1, layout }
      const file = join(dir, `generated-${layout}.json`)
      await writeLargeSnapshotFile(file, options)
      const text = readFileSync(file, 'utf8')
      const parsed = snapshotSchema.parse(JSON.parse(text))
      expect(parsed.accounts.map((a) => a.accountId)).toEqual([accountIdOf(0), accountIdOf(1), accountIdOf(2)])
      expect(parsed.accounts[0]!.iam?.authorizationDetails?.kind).toBe('ok')
      expect(Object.keys(parsed.accounts[0]!.regional)).toEqual(['us-east-1', 'eu-west-1'])
      expect(parsed.organization?.accounts.kind === 'ok' && parsed.organization.accounts.value.map((a) => a.id)).toContain(MANAGEMENT_ID)
      if (layout === 'pretty') expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2))
      expect(await readSnapshotStreaming(file, { chunkSize: 7 })).toEqual(parsed)
      const again = join(dir, `generated-${layout}-again.json`)
      await writeLargeSnapshotFile(again, options)
      expect(readFileSync(again, 'utf8')).toBe(text)
    })
  }
})
