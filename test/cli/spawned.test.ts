// The built CLI as a real process, offline: exit codes and which stream gets what.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { account } from '../support/builders.js'
import { cleanEnv, ensureBuilt, spawnCli } from './built-cli.js'
import { onlyChecksConfig, tempDir, writeJson } from './helpers.js'

beforeAll(() => ensureBuilt(), 120_000)

describe('bin/guardrail.js', () => {
  it('--version prints the package version and exits 0', async () => {
    const r = await spawnCli(['--version'], { cwd: tempDir(), env: cleanEnv() })
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' })
  })

  it('exit 1 on failing findings, 0 with --fail-on none; the summary goes to stdout', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({ users: [{ name: 'alice', password: true, mfa: false }] }))
    const config = onlyChecksConfig(dir, ['iam.user-console-mfa'])
    const failing = await spawnCli(['evaluate', 'snap.json', '--config', config], { cwd: dir, env: cleanEnv() })
    expect(failing.code).toBe(1)
    expect(failing.stdout).toContain('iam.user-console-mfa')
    expect(failing.stderr).toBe('')
    const lenient = await spawnCli(['evaluate', 'snap.json', '--config', config, '--fail-on', 'none'], { cwd: dir, env: cleanEnv() })
    expect(lenient.code).toBe(0)
  })

  it('exit 2 on a bad flag, with error and hint on stderr and no stack trace; nothing written', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({}))
    const r = await spawnCli(['evaluate', 'snap.json', '--as-of', 'tomorrow'], { cwd: dir, env: cleanEnv() })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^error: --as-of: "tomorrow" is not valid.*\nhint: .+\n$/)
    expect(existsSync(join(dir, 'guardrail-report'))).toBe(false)
  })

  it('exit 2 on an unknown command', async () => {
    const r = await spawnCli(['scna'], { cwd: tempDir(), env: cleanEnv() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("unknown command 'scna'")
    expect(r.stderr).toContain('scan')
  })

  it('--debug adds the stack trace to an error', async () => {
    const dir = tempDir()
    const r = await spawnCli(['evaluate', 'missing.json', '--debug'], { cwd: dir, env: cleanEnv() })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/\n\s+at /)
  })
})
