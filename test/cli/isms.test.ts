// guardrail isms through the CLI: isms.json from a findings file and the example attestations and SoA.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ismsReportSchema } from '../../src/isms/schema.js'
import { renderReportJson } from '../../src/report/build.js'
import { syntheticReport } from '../support/synthetic-report.js'
import { runCli, tempDir } from './helpers.js'

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples')

function findingsDir(): string {
  const dir = tempDir()
  writeFileSync(join(dir, 'findings.json'), renderReportJson(syntheticReport({ findings: 500 })))
  return dir
}

describe('guardrail isms', () => {
  it('writes isms.json beside the findings with the example attestations and SoA applied', async () => {
    const dir = findingsDir()
    const r = await runCli(['isms', 'findings.json', '--attestations', join(EXAMPLES, 'attestations.yaml'), '--soa', join(EXAMPLES, 'soa.yaml')], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const isms = ismsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'isms.json'), 'utf8')))
    const byId = new Map(isms.controls.map((c) => [c.id, c]))
    expect(isms.controls).toHaveLength(93)
    // The synthetic report is as of 2026-06-01: 5.1 and 6.3 are valid, 5.24's attestation expired.
    expect(byId.get('5.1')!.status).toBe('attested')
    expect(byId.get('6.3')!.status).toBe('attested')
    expect(byId.get('5.24')!.expiredAttestations).toHaveLength(1)
    expect(byId.get('7.5')!.status).toBe('excluded')
    expect(r.stdout).toMatch(/ISO\/IEC 27001:2022 Annex A: 93 controls, \d+ with automated evidence/)
  })

  it.each([
    [['--attestations', 'nope.yaml'], /nope\.yaml/],
    [['--soa', 'soa.yaml'], /"9\.9" is not a control/],
  ])('bad input %j: exit 2, nothing written', async (args, message) => {
    const dir = findingsDir()
    writeFileSync(join(dir, 'soa.yaml'), "exclusions:\n  - control: '9.9'\n    justification: x\n    approvedBy: y\n")
    const r = await runCli(['isms', 'findings.json', ...args], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(() => readFileSync(join(dir, 'isms.json'))).toThrow()
  })

  it('writes an evidence manifest; verify passes, then names any input changed by one byte, and a missing one', async () => {
    const dir = findingsDir()
    writeFileSync(join(dir, 'att.yaml'), readFileSync(join(EXAMPLES, 'attestations.yaml')))
    writeFileSync(join(dir, 'soa.yaml'), readFileSync(join(EXAMPLES, 'soa.yaml')))
    writeFileSync(join(dir, 'snapshot.json'), '{"pretend": "snapshot"}\n')
    const made = await runCli(['isms', 'findings.json', '--attestations', 'att.yaml', '--soa', 'soa.yaml', '--snapshot', 'snapshot.json', '--quiet'], { cwd: dir })
    expect(made.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'isms-manifest.json'), 'utf8')) as { files: { role: string; path: string }[] }
    expect(manifest.files.map((f) => [f.role, f.path])).toEqual([
      ['findings', 'findings.json'],
      ['snapshot', 'snapshot.json'],
      ['attestations', 'att.yaml'],
      ['soa', 'soa.yaml'],
      ['report', 'isms.json'],
      ['report', 'isms.html'],
    ])
    const clean = await runCli(['isms', 'verify', '.'], { cwd: dir })
    expect(clean.code).toBe(0)
    expect(clean.stdout).toContain('6 file(s) unchanged, 0 changed, 0 missing')
    // The cover of the HTML report shows the same input hashes the manifest holds.
    const html = readFileSync(join(dir, 'isms.html'), 'utf8')
    for (const f of (JSON.parse(readFileSync(join(dir, 'isms-manifest.json'), 'utf8')) as { files: { role: string; sha256: string }[] }).files.filter((x) => x.role !== 'report')) expect(html).toContain(f.sha256)
    for (const file of ['findings.json', 'snapshot.json', 'att.yaml', 'soa.yaml', 'isms.json', 'isms.html']) {
      const original = readFileSync(join(dir, file))
      const changed = Buffer.from(original)
      changed[changed.length - 2] = changed[changed.length - 2]! ^ 1 // one byte
      writeFileSync(join(dir, file), changed)
      const r = await runCli(['isms', 'verify', '.'], { cwd: dir })
      expect(r.code, file).toBe(1)
      expect(r.stdout).toMatch(new RegExp(`^CHANGED  \\w+: ${file.replace('.', '\\.')} `, 'm'))
      writeFileSync(join(dir, file), original)
    }
    rmSync(join(dir, 'soa.yaml'))
    const missing = await runCli(['isms', 'verify', '.'], { cwd: dir })
    expect(missing.code).toBe(1)
    expect(missing.stdout).toContain('MISSING  soa: soa.yaml')
    const none = await runCli(['isms', 'verify', 'nowhere'], { cwd: dir })
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/holds no isms-manifest.json/)
  })

  it('--baseline marks which controls changed status since a previous isms.json', async () => {
    const dir = findingsDir()
    writeFileSync(join(dir, 'att.yaml'), readFileSync(join(EXAMPLES, 'attestations.yaml')))
    expect((await runCli(['isms', 'findings.json', '--attestations', 'att.yaml', '--output-dir', 'before', '--quiet'], { cwd: dir })).code).toBe(0)
    const r = await runCli(['isms', 'findings.json', '--baseline', 'before/isms.json'], { cwd: dir })
    expect(r.code).toBe(0)
    const isms = ismsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'isms.json'), 'utf8')))
    // Without the attestations, 5.1 and 6.3 go from attested to no evidence; nothing else changes.
    expect(isms.baseline!.changed).toEqual([
      { id: '5.1', title: 'Policies for information security', from: 'attested', to: 'no-evidence' },
      { id: '6.3', title: 'Information security awareness, education and training', from: 'attested', to: 'no-evidence' },
    ])
    expect(isms.controls.every((c) => c.previousStatus !== undefined)).toBe(true)
    expect(r.stdout).toMatch(/2 control\(s\) changed status\n    5\.1 Policies for information security: attested → no-evidence/)
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion": 1}')
    const bad = await runCli(['isms', 'findings.json', '--baseline', 'bad.json'], { cwd: dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/bad\.json is not a valid isms\.json/)
  })
})
