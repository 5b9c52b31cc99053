// guardrail access through the CLI, offline: the three files from a snapshot file, and bad input
// (flags, a missing or broken snapshot) refused with exit 2 before anything is written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { accessMapSchema } from '../../src/access/map-schema.js'
import { accountSnapshot, group, snapshot } from '../support/builders.js'
import { runCli, tempDir } from './helpers.js'

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement })

function writeSnapshot(dir: string): string {
  const a = accountSnapshot({
    users: [{ name: 'alice', groups: ['Ops'] }, { name: 'bob' }],
    groups: [group('Ops', { inlinePolicies: [{ name: 'sessions', document: doc({ Effect: 'Allow', Action: 'ssm:StartSession', Resource: '*' }) }] })],
  })
  a.regional['eu-west-1'] = { 'ec2.instances': { kind: 'ok', value: [{ instanceId: 'i-1', arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1', state: 'running', tags: {} }] } }
  const file = join(dir, 'snapshot.json')
  writeFileSync(file, JSON.stringify(snapshot(a)))
  return file
}

describe('guardrail access', () => {
  it('writes access-map.json, access-map.csv and access.html, and says what it found', async () => {
    const dir = tempDir()
    writeSnapshot(dir)
    const r = await runCli(['access', 'snapshot.json', '--out', 'out'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Access map: 2 IAM user\(s\) in 111111111111, 1 access path\(s\) \(0 conditional\), 1 instance\(s\)/)
    const map = accessMapSchema.parse(JSON.parse(readFileSync(join(dir, 'out', 'access-map.json'), 'utf8')))
    expect(map.principals.find((p) => p.name === 'alice')!.sessions.map((s) => [s.instanceId, s.groups])).toEqual([['i-1', ['Ops']]])
    expect(readFileSync(join(dir, 'out', 'access-map.csv'), 'utf8')).toContain('"session-manager","i-1"')
    expect(readFileSync(join(dir, 'out', 'access.html'), 'utf8')).toContain('Who can reach what')
    const alice = await runCli(['access', 'snapshot.json', '--out', 'alice', '--principal', 'ali*', '--quiet'], { cwd: dir })
    expect(alice.stdout).toBe('')
    expect(JSON.parse(readFileSync(join(dir, 'alice', 'access-map.json'), 'utf8')).principals.map((p: { name: string }) => p.name)).toEqual(['alice'])
  })

  it.each([
    [['access', 'snapshot.json', '--max-hops', '9'], /--max-hops/],
    [['access', 'missing.json'], /missing\.json/],
    [['access', 'broken.json'], /broken\.json/],
    [['access', 'snapshot.json', '--principal', ','], /--principal/],
  ])('%j: exit 2, nothing written', async (argv, message) => {
    const dir = tempDir()
    writeSnapshot(dir)
    writeFileSync(join(dir, 'broken.json'), '{"schemaVersion": 1, "accounts": [')
    const r = await runCli([...argv, '--out', 'out'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })
})

describe('--access on the reporting commands', () => {
  it('evaluate --access writes the map into <output-dir>/access/ and links it from report.html', async () => {
    const dir = tempDir()
    writeSnapshot(dir)
    const r = await runCli(['evaluate', 'snapshot.json', '--access', '--format', 'html', '--fail-on', 'none'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Access map: 2 IAM user\(s\)/)
    const map = accessMapSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'access', 'access-map.json'), 'utf8')))
    expect(map.principals.map((p) => p.name)).toEqual(['alice', 'bob'])
    expect(existsSync(join(dir, 'guardrail-report', 'access', 'access.html'))).toBe(true)
    // The link travels in the report's embedded payload (the page renders it in its masthead).
    const html = readFileSync(join(dir, 'guardrail-report', 'report.html'), 'utf8')
    const payload = JSON.parse(gunzipSync(Buffer.from(/<script type="application\/octet-stream" id="guardrail-data">([^<]*)<\/script>/.exec(html)![1]!.trim(), 'base64')).toString('utf8')) as { links?: unknown }
    expect(payload.links).toEqual([{ label: 'Who can reach what (access map)', href: 'access/access.html' }])
  })

  it('evaluate --access with findings.json alone (the streamed report is not read back) still writes the map', async () => {
    const dir = tempDir()
    writeSnapshot(dir)
    const r = await runCli(['evaluate', 'snapshot.json', '--access', '--fail-on', 'none'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Access map: 2 IAM user\(s\)/)
    expect(accessMapSchema.parse(JSON.parse(readFileSync(join(dir, 'guardrail-report', 'access', 'access-map.json'), 'utf8'))).principals).toHaveLength(2)
  })

  it('report --access without a snapshot beside the findings: exit 2, nothing written', async () => {
    const dir = tempDir()
    writeSnapshot(dir)
    expect((await runCli(['evaluate', 'snapshot.json', '--output-dir', 'out', '--fail-on', 'none', '--quiet'], { cwd: dir })).code).toBe(0)
    const r = await runCli(['report', join('out', 'findings.json'), '--access', '--output-dir', 'rendered'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--access maps the run's snapshot, and .*snapshot\.json does not exist/)
    expect(existsSync(join(dir, 'rendered', 'report.html'))).toBe(false)
  })
})
