// Reads a snapshot file without ever holding it whole: a byte-level splitter walks the top-level
// object, JSON.parses each header value on its own and hands each element of `accounts` to
// JSON.parse one at a time. Memory is bounded by the largest single account (or header value, such
// as the organization slice), not by the file: a 20,000-account organization's snapshot is several
// GB, past V8's string limit, so `JSON.parse(readFileSync(file))` cannot read it at all.
//
// Two passes over the file:
//   1. readSnapshotHeader: the header fields, validated (schemaVersion first, like read-snapshot.ts),
//      and the number of accounts; account bodies are skipped byte by byte, not parsed.
//   2. streamSnapshotAccounts: each account parsed and validated, one at a time, in file order;
//      a repeated accountId is refused.
// readSnapshotStreaming puts both together into a whole Snapshot (small files, tests).
//
// The splitter is a state machine over bytes. It tracks string/escape state and bracket nesting only
// as far as needed to find where each value ends; the grammar *inside* a value is left to JSON.parse,
// which sees every byte of every account in pass 2 (pass 1 only counts them). Every structural
// byte that JSON forbids at the top level (missing colon, trailing comma, trailing garbage, a
// mismatched bracket, a truncated file) is an InputError naming the file and the byte offset.
// UTF-8 needs no care: bytes >= 0x80 never look like JSON punctuation, and a value is decoded only
// once all its bytes are in, so a character split across two reads is joined before decoding.
import { createReadStream } from 'node:fs'
import { InputError } from '../core/errors.js'
import { formatZodIssues } from '../core/zod-format.js'
import { accountSnapshotSchema, SNAPSHOT_SCHEMA_VERSION, snapshotHeaderSchema, snapshotSchema, type AccountSnapshot, type Snapshot, type SnapshotHeader } from './schema.js'

export type { SnapshotHeader }

/** Default read size. */
export const DEFAULT_CHUNK_SIZE = 1024 * 1024
/** Deeper nesting than this is refused (a real snapshot nests about 10 deep); it bounds the bracket stack. */
export const MAX_DEPTH = 10_000

export interface StreamReaderStats {
  /** Bytes read from the file. */
  bytesRead: number
  /** Reads (chunks) taken from the file. */
  chunks: number
  /**
   * The most bytes of one value (an account in pass 2; a header value in pass 1) held at once,
   * across chunks. The reader never holds more than one value's bytes, so this is the size of the
   * largest value it collected. Chunks themselves (chunkSize each) are not counted.
   */
  maxBufferedBytes: number
  /** Accounts seen (pass 1: counted; pass 2: parsed and validated). */
  accounts: number
}

export interface StreamReaderOptions {
  /** Bytes per read (default 1 MiB). Tests use tiny sizes to put chunk boundaries everywhere. */
  chunkSize?: number
  /** How the file is named in error messages (default: `file` as given). */
  displayName?: string
  /** Filled in while reading (and complete once reading ends). */
  stats?: StreamReaderStats
}

export function newStats(): StreamReaderStats {
  return { bytesRead: 0, chunks: 0, maxBufferedBytes: 0, accounts: 0 }
}

const HINT_RECOLLECT = 'Pass the file written by `guardrail collect -o <file>`; it may have been truncated or edited.'

// ---------------------------------------------------------------------------------------------
// The splitter.

const QUOTE = 0x22
const BACKSLASH = 0x5c
const LBRACE = 0x7b
const RBRACE = 0x7d
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const COMMA = 0x2c
const COLON = 0x3a

const WS = new Uint8Array(256)
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1
/** Bytes that may continue a number or literal (true/false/null); anything else ends it. */
const SCALAR = new Uint8Array(256)
for (const c of '0123456789+-.eEabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') SCALAR[c.charCodeAt(0)] = 1
/** Bytes that matter inside a value, outside strings. */
const STRUCTURAL = new Uint8Array(256)
for (const c of [QUOTE, LBRACE, RBRACE, LBRACKET, RBRACKET]) STRUCTURAL[c] = 1
/** Bytes that may start a number or literal. */
const SCALAR_START = new Uint8Array(256)
for (const c of '-0123456789tfn') SCALAR_START[c.charCodeAt(0)] = 1

// Top-level states.
const ST_START = 0 // before the top-level '{' (whitespace, a UTF-8 BOM)
const ST_BOM2 = 1 // after EF
const ST_BOM3 = 2 // after EF BB
const ST_FIRST_KEY = 3 // after '{': a key or '}'
const ST_KEY = 4 // after ',': a key
const ST_COLON = 5 // after a key
const ST_VALUE = 6 // after ':'
const ST_OBJ_NEXT = 7 // after a value: ',' or '}'
const ST_ARR_FIRST = 8 // after "accounts":[ : an element or ']'
const ST_ARR_ELEM = 9 // after ',' in accounts: an element
const ST_ARR_NEXT = 10 // after an element: ',' or ']'
const ST_END = 11 // after the top-level '}': only whitespace
const ST_IN_VALUE = 12 // inside a value (see `context`)

type Context = 'key' | 'header' | 'element' | 'accountsOther'

export type SplitEvent =
  | { type: 'header'; key: string; bytes: Buffer; offset: number }
  | { type: 'account'; index: number; bytes: Buffer; offset: number }
  | { type: 'accountsNotArray'; kind: string; offset: number }

function describeByte(c: number): string {
  if (c >= 0x21 && c < 0x7f) return `'${String.fromCharCode(c)}'`
  return `byte 0x${c.toString(16).padStart(2, '0')}`
}

function kindOf(c: number): string {
  switch (c) {
    case LBRACE:
      return 'an object'
    case QUOTE:
      return 'a string'
    case 0x6e: // n
      return 'null'
    case 0x74: // t
    case 0x66: // f
      return 'a boolean'
    default:
      return 'a number'
  }
}

/**
 * Splits a snapshot's bytes into its top-level values. Feed it chunks in order (`feed`), pull events
 * with `next()` until it returns undefined (the chunk is used up), and call `end()` after the last
 * chunk. Header values are collected only with `collectHeader`, account elements only with
 * `collectAccounts` (otherwise they are skipped and just counted in `accountCount`).
 */
export class SnapshotSplitter {
  /** Elements of `accounts` seen so far (complete ones). */
  accountCount = 0
  /** Whether the top-level object had an `accounts` key. */
  sawAccounts = false

  private state = ST_START
  /** Absolute offset of chunk[0]. */
  private base = 0
  private chunk: Buffer = Buffer.alloc(0)
  private pos = 0

  // The value being scanned.
  private context: Context = 'key'
  private collecting = false
  private valueOffset = 0
  private segStart = 0
  private parts: Buffer[] = []
  private partsBytes = 0
  private readonly stack: number[] = []
  private inString = false
  private escape = false
  private scalar = false

  private key = ''

  constructor(
    private readonly name: string,
    private readonly options: { collectHeader: boolean; collectAccounts: boolean },
    private readonly stats: StreamReaderStats = newStats(),
  ) {}

  /** Give the next chunk; the previous one must have been used up (next() returned undefined). */
  feed(chunk: Buffer): void {
    if (this.pos < this.chunk.length) throw new Error('SnapshotSplitter.feed: previous chunk not consumed')
    this.base += this.chunk.length
    this.chunk = chunk
    this.pos = 0
    this.segStart = 0
    this.stats.bytesRead += chunk.length
    this.stats.chunks++
  }

  /** The next complete value in the current chunk, or undefined when the chunk is used up. */
  next(): SplitEvent | undefined {
    const chunk = this.chunk
    const n = chunk.length
    let i = this.pos
    while (i < n) {
      if (this.state === ST_IN_VALUE) {
        const end = this.scan(chunk, i)
        if (end < 0) {
          i = n
          break
        }
        const event = this.finishValue(chunk, end)
        i = end
        if (event) {
          this.pos = i
          return event
        }
        continue
      }
      const c = chunk[i]!
      if (WS[c] && this.state !== ST_BOM2 && this.state !== ST_BOM3) {
        i++
        continue
      }
      switch (this.state) {
        case ST_START:
          if (c === LBRACE) this.state = ST_FIRST_KEY
          else if (c === 0xef && this.base + i === 0) this.state = ST_BOM2
          else this.notAnObject(c, i)
          break
        case ST_BOM2:
          if (c !== 0xbb) this.unexpected(c, i, 'in the UTF-8 byte order mark')
          this.state = ST_BOM3
          break
        case ST_BOM3:
          if (c !== 0xbf) this.unexpected(c, i, 'in the UTF-8 byte order mark')
          this.state = ST_START
          break
        case ST_FIRST_KEY:
          if (c === RBRACE) this.state = ST_END
          else if (c === QUOTE) this.beginValue('key', true, chunk, i)
          else this.unexpected(c, i, 'where a key or \'}\' should be')
          break
        case ST_KEY:
          if (c === QUOTE) this.beginValue('key', true, chunk, i)
          else this.unexpected(c, i, 'where a key should be (a trailing comma?)')
          break
        case ST_COLON:
          if (c === COLON) this.state = ST_VALUE
          else this.unexpected(c, i, `after the key ${JSON.stringify(this.key)} where ':' should be`)
          break
        case ST_VALUE:
          if (this.key === 'accounts') {
            if (this.sawAccounts) this.fail('InvalidSnapshot', `has a second "accounts" key at byte ${this.base + i}`)
            this.sawAccounts = true
            if (c === LBRACKET) {
              this.state = ST_ARR_FIRST
              break
            }
            this.beginValue('accountsOther', false, chunk, i)
            // The caller decides (after the version check) what a non-array `accounts` means.
            return { type: 'accountsNotArray', kind: kindOf(c), offset: this.base + i }
          }
          this.beginValue('header', this.options.collectHeader, chunk, i)
          break
        case ST_OBJ_NEXT:
          if (c === COMMA) this.state = ST_KEY
          else if (c === RBRACE) this.state = ST_END
          else this.unexpected(c, i, 'where \',\' or \'}\' should be')
          break
        case ST_ARR_FIRST:
          if (c === RBRACKET) this.state = ST_OBJ_NEXT
          else this.beginValue('element', this.options.collectAccounts, chunk, i)
          break
        case ST_ARR_ELEM:
          if (c === RBRACKET) this.unexpected(c, i, 'after a trailing comma in "accounts"')
          this.beginValue('element', this.options.collectAccounts, chunk, i)
          break
        case ST_ARR_NEXT:
          if (c === COMMA) this.state = ST_ARR_ELEM
          else if (c === RBRACKET) this.state = ST_OBJ_NEXT
          else this.unexpected(c, i, `after account #${this.accountCount - 1} where ',' or ']' should be`)
          break
        case ST_END:
          this.fail('SnapshotNotJson', `is not valid JSON: unexpected data after the end of the snapshot object at byte ${this.base + i}`)
      }
      // beginValue consumed the first byte of the value (and set this.pos).
      i = this.state === ST_IN_VALUE ? this.pos : i + 1
    }
    // The chunk is used up: keep what the current value has of it.
    if (this.state === ST_IN_VALUE && this.collecting && this.segStart < n) {
      const part = chunk.subarray(this.segStart, n)
      this.parts.push(part)
      this.partsBytes += part.length
      if (this.partsBytes > this.stats.maxBufferedBytes) this.stats.maxBufferedBytes = this.partsBytes
    }
    this.pos = n
    return undefined
  }

  /** After the last chunk: the file must have ended right after the top-level object. */
  end(): void {
    if (this.state === ST_END) return
    const at = this.base + this.chunk.length
    if (this.state === ST_START && at === 0) this.fail('SnapshotNotJson', 'is not valid JSON: the file is empty')
    if (this.state === ST_START) this.fail('SnapshotNotJson', 'is not valid JSON: it holds only whitespace')
    let where = ''
    if (this.state === ST_IN_VALUE && this.context === 'element') where = ` inside account #${this.accountCount} (which starts at byte ${this.valueOffset})`
    else if (this.state === ST_IN_VALUE && this.context !== 'key') where = ` inside the value of ${JSON.stringify(this.key)} (which starts at byte ${this.valueOffset})`
    else if (this.state >= ST_ARR_FIRST && this.state <= ST_ARR_NEXT) where = ` inside "accounts" after ${this.accountCount} account(s)`
    this.fail('SnapshotNotJson', `is not valid JSON: the file ends unexpectedly at byte ${at}${where} (truncated?)`)
  }

  // -------------------------------------------------------------------------------------------

  private beginValue(context: Context, collect: boolean, chunk: Buffer, i: number): void {
    const c = chunk[i]!
    this.context = context
    this.collecting = collect
    this.valueOffset = this.base + i
    this.segStart = i
    this.parts = []
    this.partsBytes = 0
    this.inString = false
    this.escape = false
    this.scalar = false
    if (c === QUOTE) this.inString = true
    else if (c === LBRACE || c === LBRACKET) this.stack.push(c)
    else if (SCALAR_START[c]) this.scalar = true
    else this.unexpected(c, i, context === 'element' ? `where account #${this.accountCount} should start` : 'where a value should start')
    this.state = ST_IN_VALUE
    this.pos = i + 1
  }

  /** Scans the current value from i: the index just past its end, or -1 when it goes on past the chunk. */
  private scan(chunk: Buffer, i: number): number {
    const n = chunk.length
    if (this.scalar) {
      for (; i < n; i++) {
        if (!SCALAR[chunk[i]!]) {
          this.scalar = false
          return i
        }
      }
      return -1
    }
    const stack = this.stack
    let inString = this.inString
    let escape = this.escape
    scanning: for (; i < n; i++) {
      let c = chunk[i]!
      if (inString) {
        if (escape) {
          escape = false
          continue
        }
        // Most bytes of a snapshot are inside strings: skip to the next quote or backslash.
        while (c !== QUOTE && c !== BACKSLASH) {
          if (++i === n) break scanning
          c = chunk[i]!
        }
        if (c === BACKSLASH) escape = true
        else {
          inString = false
          if (stack.length === 0) {
            this.inString = false
            this.escape = false
            return i + 1
          }
        }
        continue
      }
      // Outside strings only quotes and brackets matter (skip indentation, numbers, ',' and ':').
      while (!STRUCTURAL[c]) {
        if (++i === n) break scanning
        c = chunk[i]!
      }
      if (c === QUOTE) {
        inString = true
      } else if (c === LBRACE || c === LBRACKET) {
        if (stack.length >= MAX_DEPTH) this.fail('SnapshotNotJson', `is not valid for guardrail: nesting deeper than ${MAX_DEPTH} levels at byte ${this.base + i}${this.inWhat()}`)
        stack.push(c)
      } else if (c === RBRACE || c === RBRACKET) {
        // '{' + 2 = '}', '[' + 2 = ']'
        if (stack.pop() !== c - 2) this.fail('SnapshotNotJson', `is not valid JSON: mismatched ${describeByte(c)} at byte ${this.base + i}${this.inWhat()}`)
        if (stack.length === 0) {
          this.inString = false
          this.escape = false
          return i + 1
        }
      }
    }
    this.inString = inString
    this.escape = escape
    return -1
  }

  private finishValue(chunk: Buffer, end: number): SplitEvent | undefined {
    const context = this.context
    let bytes: Buffer | undefined
    if (this.collecting) {
      const last = chunk.subarray(this.segStart, end)
      bytes = this.parts.length === 0 ? last : Buffer.concat([...this.parts, last], this.partsBytes + last.length)
      if (bytes.length > this.stats.maxBufferedBytes) this.stats.maxBufferedBytes = bytes.length
      this.parts = []
      this.partsBytes = 0
    }
    const offset = this.valueOffset
    switch (context) {
      case 'key': {
        this.state = ST_COLON
        try {
          this.key = JSON.parse(bytes!.toString('utf8')) as string
        } catch (err) {
          this.fail('SnapshotNotJson', `is not valid JSON: bad key at byte ${offset}: ${(err as Error).message}`)
        }
        return undefined
      }
      case 'header':
        this.state = ST_OBJ_NEXT
        return bytes ? { type: 'header', key: this.key, bytes, offset } : undefined
      case 'accountsOther':
        this.state = ST_OBJ_NEXT
        return undefined
      case 'element': {
        this.state = ST_ARR_NEXT
        const index = this.accountCount++
        return bytes ? { type: 'account', index, bytes, offset } : undefined
      }
    }
  }

  private inWhat(): string {
    if (this.context === 'element') return ` (in account #${this.accountCount}, which starts at byte ${this.valueOffset})`
    if (this.context === 'key') return ''
    return ` (in the value of ${JSON.stringify(this.key)}, which starts at byte ${this.valueOffset})`
  }

  private notAnObject(c: number, i: number): never {
    if (c === LBRACKET || c === QUOTE || SCALAR_START[c]) {
      const kind = c === LBRACKET ? 'an array' : kindOf(c)
      this.fail('InvalidSnapshot', `is not a guardrail snapshot: the top level is ${kind}, not a JSON object`, 'Pass the file written by `guardrail collect -o <file>`.')
    }
    this.unexpected(c, i, 'where the top-level object should start')
  }

  private unexpected(c: number, i: number, where: string): never {
    this.fail('SnapshotNotJson', `is not valid JSON: unexpected ${describeByte(c)} at byte ${this.base + i} ${where}`)
  }

  private fail(code: string, message: string, hint = HINT_RECOLLECT): never {
    throw new InputError(code, `${this.name} ${message}`, hint)
  }
}

// ---------------------------------------------------------------------------------------------
// Reading files (or any re-readable source of bytes).

/**
 * Where snapshot bytes come from, when not a file: `open` is called once per pass and must give the
 * same bytes each time (tests read from memory; a caller could read a decompressing stream).
 */
export interface SnapshotSource {
  /** Named in error messages. */
  name: string
  open(chunkSize: number): AsyncIterable<Uint8Array>
}

/** A source over bytes in memory, cut into chunks of the given size (for tests). */
export function memorySource(bytes: Uint8Array | string, name = '(memory)'): SnapshotSource {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return {
    name,
    async *open(chunkSize: number) {
      for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize)
    },
  }
}

async function* readFileChunks(file: string, name: string, chunkSize: number): AsyncGenerator<Buffer> {
  const stream = createReadStream(file, { highWaterMark: chunkSize })
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  try {
    for (;;) {
      let result: IteratorResult<Buffer>
      try {
        result = await chunks.next()
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        throw new InputError(
          'SnapshotUnreadable',
          `Cannot read snapshot ${name}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
          'Pass the file written by `guardrail collect -o <file>`.',
          err,
        )
      }
      if (result.done) return
      yield result.value
    }
  } finally {
    stream.destroy()
  }
}

function nameOf(input: string | SnapshotSource, options: StreamReaderOptions): string {
  return options.displayName ?? (typeof input === 'string' ? input : input.name)
}

/** Runs the splitter over the input, yielding its events; checks the end of the input. */
async function* split(input: string | SnapshotSource, options: StreamReaderOptions, mode: { collectHeader: boolean; collectAccounts: boolean }): AsyncGenerator<SplitEvent, SnapshotSplitter> {
  const name = nameOf(input, options)
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`)
  const splitter = new SnapshotSplitter(name, mode, options.stats)
  const chunks = typeof input === 'string' ? readFileChunks(input, name, chunkSize) : input.open(chunkSize)
  for await (const chunk of chunks) {
    splitter.feed(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    for (let event = splitter.next(); event; event = splitter.next()) yield event
  }
  splitter.end()
  return splitter
}

function decode(bytes: Buffer, name: string, what: string): string {
  try {
    return bytes.toString('utf8')
  } catch (err) {
    // Past V8's string limit (~512 MiB of text for one value).
    throw new InputError('SnapshotUnreadable', `Cannot read snapshot ${name}: ${what} is too large (${bytes.length} bytes): ${(err as Error).message}`, undefined, err)
  }
}

/**
 * Pass 1: the header fields (validated like read-snapshot.ts validates a whole snapshot, with the
 * schemaVersion check first) and the number of accounts. Account bodies are skipped, not parsed:
 * invalid JSON inside an account is found by pass 2.
 */
export async function readSnapshotHeader(file: string | SnapshotSource, options: StreamReaderOptions = {}): Promise<{ header: SnapshotHeader; accountCount: number }> {
  const name = nameOf(file, options)
  const stats = options.stats ?? newStats()
  // A null-prototype object: a "__proto__" key stays data, as JSON.parse makes it.
  const raw = Object.create(null) as Record<string, unknown>
  let accountsNotArray: string | undefined
  const events = split(file, { ...options, stats }, { collectHeader: true, collectAccounts: false })
  let result = await events.next()
  for (; !result.done; result = await events.next()) {
    const event = result.value
    if (event.type === 'accountsNotArray') accountsNotArray = event.kind
    else if (event.type === 'header') {
      try {
        raw[event.key] = JSON.parse(decode(event.bytes, name, `the value of ${JSON.stringify(event.key)}`))
      } catch (err) {
        if (err instanceof InputError) throw err
        throw new InputError('SnapshotNotJson', `${name} is not valid JSON: the value of ${JSON.stringify(event.key)} (at byte ${event.offset}): ${(err as Error).message}`, HINT_RECOLLECT)
      }
    }
  }
  const splitter = result.value
  stats.accounts = splitter.accountCount

  const version = raw.schemaVersion
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new InputError(
      'SnapshotVersion',
      `${name}: schemaVersion is ${JSON.stringify(version)}, this guardrail reads snapshot schema version ${SNAPSHOT_SCHEMA_VERSION}.`,
      'Collect the snapshot again with this version of guardrail.',
    )
  }
  const parsed = snapshotHeaderSchema.safeParse(raw)
  const problems: string[] = []
  if (!parsed.success) problems.push(formatZodIssues(parsed.error))
  if (!splitter.sawAccounts) problems.push('  - accounts: missing (expected an array of accounts)')
  else if (accountsNotArray !== undefined) problems.push(`  - accounts: expected an array of accounts, found ${accountsNotArray}`)
  if (!parsed.success || problems.length > 0) {
    throw new InputError('InvalidSnapshot', `${name} is not a valid guardrail snapshot:\n${problems.join('\n')}`, 'Fix the field(s) named above, or collect the snapshot again with `guardrail collect`.')
  }
  return { header: parsed.data, accountCount: splitter.accountCount }
}

/**
 * Pass 2: each account, parsed and validated with accountSnapshotSchema, in file order, holding one
 * account at a time. Errors name the file, the account's index (and id when known) and the field
 * path; a repeated accountId is a DuplicateAccount error. Structural errors (truncation, trailing
 * data, no `accounts` array) are raised where they are met, so after the accounts before them were
 * yielded: run readSnapshotHeader first to refuse a broken file before acting on any account.
 */
export async function* streamSnapshotAccounts(file: string | SnapshotSource, options: StreamReaderOptions = {}): AsyncGenerator<AccountSnapshot> {
  const name = nameOf(file, options)
  const stats = options.stats ?? newStats()
  const firstIndex = new Map<string, number>()
  const events = split(file, { ...options, stats }, { collectHeader: false, collectAccounts: true })
  let result = await events.next()
  for (; !result.done; result = await events.next()) {
    const event = result.value
    if (event.type === 'accountsNotArray') {
      throw new InputError('InvalidSnapshot', `${name} is not a valid guardrail snapshot:\n  - accounts: expected an array of accounts, found ${event.kind}`, 'Fix the field(s) named above, or collect the snapshot again with `guardrail collect`.')
    }
    if (event.type !== 'account') continue
    const { index } = event
    let raw: unknown
    try {
      raw = JSON.parse(decode(event.bytes, name, `account #${index}`))
    } catch (err) {
      if (err instanceof InputError) throw err
      throw new InputError('SnapshotNotJson', `${name} is not valid JSON: account #${index} (at byte ${event.offset}): ${(err as Error).message}`, HINT_RECOLLECT)
    }
    const id = raw !== null && typeof raw === 'object' && typeof (raw as { accountId?: unknown }).accountId === 'string' ? (raw as { accountId: string }).accountId : undefined
    const parsed = accountSnapshotSchema.safeParse(raw)
    if (!parsed.success) {
      throw new InputError(
        'InvalidSnapshot',
        `${name} is not a valid guardrail snapshot: account #${index}${id === undefined ? '' : ` (${id})`}:\n${formatZodIssues(parsed.error, `accounts.${index}`)}`,
        'Fix the field(s) named above, or collect the snapshot again with `guardrail collect`.',
      )
    }
    const account = parsed.data
    const first = firstIndex.get(account.accountId)
    if (first !== undefined) {
      throw new InputError(
        'DuplicateAccount',
        `${name}: account ${account.accountId} appears twice (accounts #${first} and #${index}).`,
        'Each account may appear once in a snapshot; collect it again, or merge shards with `guardrail merge`.',
      )
    }
    firstIndex.set(account.accountId, index)
    stats.accounts = index + 1
    yield account
  }
  if (!result.value.sawAccounts) {
    throw new InputError('InvalidSnapshot', `${name} is not a valid guardrail snapshot:\n  - accounts: missing (expected an array of accounts)`, 'Fix the field(s) named above, or collect the snapshot again with `guardrail collect`.')
  }
}

/**
 * The whole Snapshot from both passes (header first, so a wrong schemaVersion or a broken file is
 * refused before any account is parsed). Holds every account in memory: for small files and tests;
 * large snapshots are read with the two passes directly.
 */
export async function readSnapshotStreaming(file: string | SnapshotSource, options: StreamReaderOptions = {}): Promise<Snapshot> {
  const { header, accountCount } = await readSnapshotHeader(file, { ...options, stats: undefined })
  const accounts: AccountSnapshot[] = []
  for await (const account of streamSnapshotAccounts(file, options)) accounts.push(account)
  if (accounts.length !== accountCount) {
    const name = nameOf(file, options)
    throw new InputError('SnapshotUnreadable', `Cannot read snapshot ${name}: it changed while being read (${accountCount} accounts, then ${accounts.length}).`, 'Read the snapshot when nothing is writing it.')
  }
  // The fields in the schema's order, as snapshotSchema.parse gives them.
  const whole: Record<string, unknown> = {}
  for (const key of Object.keys(snapshotSchema.shape)) {
    if (key === 'accounts') whole.accounts = accounts
    else if (key in header) whole[key] = (header as Record<string, unknown>)[key]
  }
  return whole as Snapshot
}
