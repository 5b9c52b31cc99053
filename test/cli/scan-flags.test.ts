// scan/collect flag handling without AWS: a substitute collector records what it was asked for,
// so these tests pin down flag validation, config precedence and "validate before the first call".
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CollectCurrentAccountOptions } from '../../src/cli/collector.js'
import { snapshotSchema } from '../../src/snapshot/schema.js'
import { TOOL_VERSION } from '../../src/version.js'
import { account } from '../support/builders.js'
import { runCli, tempDir } from './helpers.js'

function recordingCollector() {
  const calls: CollectCurrentAccountOptions[] = []
  return {
    calls,
    deps: {
      collectCurrentAccount: async (options: CollectCurrentAccountOptions) => {
        calls.push(options)
        return account({ users: [{ name: 'alice', password: true, mfa: true }] })
      },
    },
  }
}

describe('scan and collect flags', () => {
  it('flags reach the collector; the config file fills what the flags leave out', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'guardrail.config.yaml'), 'scan:\n  regions: [eu-central-1]\n  maxAttempts: 7\n')
    const { calls, deps } = recordingCollector()
    expect((await runCli(['scan', '--quiet', '--fail-on', 'none'], { cwd: dir, deps })).code).toBe(0)
    expect((await runCli(['scan', '--quiet', '--fail-on', 'none', '--profile', 'audit', '--region', 'eu-west-1', '--regions', 'eu-west-1, us-east-1', '--max-attempts', '3'], { cwd: dir, deps })).code).toBe(0)
    expect(calls).toEqual([
      { toolVersion: TOOL_VERSION, regions: ['eu-central-1'], maxAttempts: 7 },
      { toolVersion: TOOL_VERSION, profile: 'audit', region: 'eu-west-1', regions: ['eu-west-1', 'us-east-1'], maxAttempts: 3 },
    ])
    const report = JSON.parse(readFileSync(join(dir, 'guardrail-report', 'findings.json'), 'utf8')) as { run: { command: string } }
    expect(report.run.command).toBe('scan')
  })

  it.each([
    [['--region', 'Europe'], '--region: "Europe" is not valid'],
    [['--regions', 'eu-west-1,mars-1'], '--regions: "eu-west-1,mars-1" is not valid'],
    [['--regions', ','], '--regions: "," is not valid: expected at least one region'],
    [['--max-attempts', '0'], '--max-attempts: "0" is not valid: at least 1'],
    [['--max-attempts', 'many'], '--max-attempts: "many" is not valid: expected a whole number'],
    [['--profile', ''], '--profile: "" is not valid'],
  ])('scan %j exits 2 before any AWS call', async (flags, message) => {
    const dir = tempDir()
    const { calls, deps } = recordingCollector()
    const r = await runCli(['scan', ...flags], { cwd: dir, deps })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`error: ${message}`)
    expect(calls).toEqual([])
    expect(existsSync(join(dir, 'guardrail-report'))).toBe(false)
  })

  it('a bad config stops scan and collect before any AWS call', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'guardrail.config.yaml'), 'scan:\n  maxAttempts: 0\n')
    const { calls, deps } = recordingCollector()
    const scan = await runCli(['scan'], { cwd: dir, deps })
    const collect = await runCli(['collect'], { cwd: dir, deps })
    for (const r of [scan, collect]) {
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('scan.maxAttempts')
    }
    expect(calls).toEqual([])
  })

  it('collect writes a snapshot that validates, and tells how to evaluate it', async () => {
    const dir = tempDir()
    const { deps } = recordingCollector()
    const r = await runCli(['collect', '-o', 'out/snap.json'], { cwd: dir, deps })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('guardrail evaluate out/snap.json')
    expect(snapshotSchema.safeParse(JSON.parse(readFileSync(join(dir, 'out', 'snap.json'), 'utf8'))).success).toBe(true)
  })

  it('a collector failure is one error line with a hint, not a stack trace; nothing written', async () => {
    const dir = tempDir()
    const failing = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })
    const r = await runCli(['scan'], { cwd: dir, deps: { collectCurrentAccount: () => Promise.reject(failing) } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error: CredentialsProviderError: Could not load credentials from any providers\nhint: Configure AWS credentials')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(dir, 'guardrail-report'))).toBe(false)
  })

  it('an unexpected internal error exits 70 and asks for --debug', async () => {
    const dir = tempDir()
    const r = await runCli(['scan'], { cwd: dir, deps: { collectCurrentAccount: () => Promise.reject(new TypeError('x is undefined')) } })
    expect(r.code).toBe(70)
    expect(r.stderr).toContain('error: TypeError: x is undefined\nhint: This is a bug')
  })
})
