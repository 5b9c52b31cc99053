// guardrail isms through the CLI: isms.json from a findings file and the example attestations and SoA.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ismsReportSchema } from '../../src/isms/schema.js'
import { renderReportJson } from '../../src/report/build.js'
import { syntheticReport } from '../support/synthetic-report.js'
import { account } from '../support/builders.js'
import { runCli, tempDir, writeJson } from './helpers.js'

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

  it('--framework all writes the three control reports and one manifest over all of them; manual items are prompts, never passed', async () => {
    const dir = findingsDir()
    const r = await runCli(['isms', 'findings.json', '--framework', 'all', '--output-dir', 'out'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['isms-account-setup.html', 'isms-account-setup.json', 'isms-cis-aws-3.0.html', 'isms-cis-aws-3.0.json', 'isms-manifest.json', 'isms.html', 'isms.json'])
    const read = (f: string) => ismsReportSchema.parse(JSON.parse(readFileSync(join(dir, 'out', f), 'utf8')))
    expect([read('isms.json'), read('isms-cis-aws-3.0.json'), read('isms-account-setup.json')].map((x) => [x.framework.id, x.controls.length])).toEqual([
      ['iso27001-2022', 93],
      ['cis-aws-3.0', 62],
      ['account-setup', 16],
    ])
    const setup = new Map(read('isms-account-setup.json').controls.map((c) => [c.id, c]))
    // Security questions, billing access, Trusted Advisor e-mail, cost and usage report, currency, cost
    // allocation tags, billing/operations contacts: no check maps to them, and nothing attested them.
    for (const id of ['1.3', '2.4', '4.1', '4.2', '4.3', '4.4', '4.6']) {
      expect(setup.get(id), id).toMatchObject({ automated: false, status: 'no-evidence', evidence: { pass: 0 } })
      expect(setup.get(id)!.prompt, id).toMatch(/Record/)
    }
    expect(setup.get('1.1')).toMatchObject({ automated: true, group: 'Root user' })
    const cis = read('isms-cis-aws-3.0.json')
    expect(new Set(cis.controls.map((c) => c.group))).toEqual(new Set(['Identity and Access Management', 'Storage', 'Logging', 'Monitoring', 'Networking']))
    expect(cis.controls.filter((c) => !c.automated).every((c) => c.prompt !== undefined)).toBe(true)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'isms-manifest.json'), 'utf8')) as { files: { role: string; path: string }[] }
    expect(manifest.files.filter((f) => f.role === 'report').map((f) => f.path)).toEqual(['isms.json', 'isms.html', 'isms-cis-aws-3.0.json', 'isms-cis-aws-3.0.html', 'isms-account-setup.json', 'isms-account-setup.html'])
    expect(r.stdout).toMatch(/CIS AWS Foundations Benchmark: 62 controls/)
  })

  it.each([
    [['--framework', 'cis-aws'], /--framework: "cis-aws" has no control report/, /Did you mean: cis-aws-3\.0\?/],
    [['--framework', 'aws-fsbp'], /"aws-fsbp" has no control report/, /iso27001-2022, cis-aws-3\.0, account-setup, or all/],
    [['--format', 'html,docx'], /--format/, /json, html, pdf/],
    [['--baseline', 'cis.json'], /is a cis-aws-3\.0 report, and no cis-aws-3\.0 report is being written/, /Add cis-aws-3\.0 to --framework/],
  ])('bad flags %j: exit 2 with a hint, nothing written', async (args, message, hint) => {
    const dir = findingsDir()
    expect((await runCli(['isms', 'findings.json', '--framework', 'cis-aws-3.0', '--format', 'json', '--output-dir', 'prev', '--quiet'], { cwd: dir })).code).toBe(0)
    writeFileSync(join(dir, 'cis.json'), readFileSync(join(dir, 'prev', 'isms-cis-aws-3.0.json')))
    const r = await runCli(['isms', 'findings.json', ...args], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toMatch(hint)
    expect(readdirSync(dir).filter((f) => f.startsWith('isms'))).toEqual([])
  })

  it('--format pdf prints the control report with the local Chromium', async () => {
    const dir = findingsDir()
    const r = await runCli(['isms', 'findings.json', '--format', 'pdf', '--quiet'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'isms.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(existsSync(join(dir, 'isms.html'))).toBe(false)
  })
})

describe('evaluate --isms: the control reports from the run that wrote the findings', () => {
  it('writes findings, report.html and the ISO report linked to it, with the snapshot in the manifest', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({ users: [{ name: 'alice', password: true, mfa: false }] }))
    writeFileSync(join(dir, 'att.yaml'), readFileSync(join(EXAMPLES, 'attestations.yaml')))
    const r = await runCli(['evaluate', 'snap.json', '--format', 'html', '--isms', '--attestations', 'att.yaml', '--output-dir', 'out'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect([0, 1]).toContain(r.code)
    const out = join(dir, 'out')
    expect(readdirSync(out).sort()).toEqual(['findings.json', 'isms-manifest.json', 'isms.html', 'isms.json', 'report.html'])
    const manifest = JSON.parse(readFileSync(join(out, 'isms-manifest.json'), 'utf8')) as { files: { role: string; path: string }[] }
    expect(manifest.files.map((f) => f.role)).toEqual(['findings', 'snapshot', 'attestations', 'report', 'report'])
    expect(manifest.files[1]!.path).toBe(join(dir, 'snap.json'))
    const isms = ismsReportSchema.parse(JSON.parse(readFileSync(join(out, 'isms.json'), 'utf8')))
    expect(isms.source.command).toBe('evaluate')
    const mfa = isms.controls.find((c) => c.id === '8.5')!
    expect(mfa.status).toBe('failing')
    expect(readFileSync(join(out, 'isms.html'), 'utf8')).toContain(`href="report.html#f=${encodeURIComponent(mfa.evidence.failing[0]!.findingId)}"`)
    expect(r.stdout).toMatch(/ISO\/IEC 27001:2022 Annex A: 93 controls/)
    expect((await runCli(['isms', 'verify', 'out'], { cwd: dir })).code).toBe(0)
  })

  it('--attestations without --isms, and a bad attestations file, are exit 2 before anything is evaluated', async () => {
    const dir = tempDir()
    writeJson(dir, 'snap.json', account({ users: [] }))
    writeFileSync(join(dir, 'att.yaml'), "attestations:\n  - control: '5.100'\n    statement: x\n    attestedBy: y\n    date: 2026-01-01\n    evidence: z\n    validUntil: 2027-01-01\n")
    const without = await runCli(['evaluate', 'snap.json', '--attestations', 'att.yaml', '--output-dir', 'out'], { cwd: dir })
    expect(without.code).toBe(2)
    expect(without.stderr).toMatch(/--attestations is read by the control report, which this run does not write/)
    const bad = await runCli(['evaluate', 'snap.json', '--isms', '--attestations', 'att.yaml', '--output-dir', 'out'], { cwd: dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/"5\.100" is not a control of ISO\/IEC 27001:2022 Annex A/)
    expect(existsSync(join(dir, 'out', 'findings.json'))).toBe(false)
  })
})
