// The streamed findings.json must be byte-identical to the in-memory builder's output for the
// same content; the organization scan relies on it to keep memory bounded by concurrency.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import type { Finding } from '../../src/core/types.js'
import { evaluateSnapshot } from '../../src/engine/evaluate.js'
import { buildReport, compareFindings, renderReportJson } from '../../src/report/build.js'
import { combineTotals, streamReport, summarizeFindings, writeReportFile } from '../../src/report/stream.js'
import { loadRules } from '../../src/rules/load.js'
import { ok, type AccountSnapshot, type Snapshot } from '../../src/snapshot/schema.js'
import { accountSnapshot, denied, NOW, snapshot, user } from '../support/builders.js'

const ruleSet = loadRules({ checks: ALL_CHECKS })
const tool = { name: 'guardrail', version: 'test' }

function withSgs(a: AccountSnapshot, region: string, open: boolean): AccountSnapshot {
  const arn = `arn:aws:ec2:${region}:${a.accountId}:security-group/sg-1`
  a.regional[region] = {
    'ec2.securityGroups': ok([{ groupId: 'sg-1', groupName: 'wéb "quoted"\n', arn, ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: [open ? '0.0.0.0/0' : '10.0.0.0/8'], ipv6Ranges: [] }] }]),
  }
  return a
}

/** Three accounts: failures, an unreadable credential report, an unreadable region. */
function fixture(): Snapshot {
  const a = withSgs(accountSnapshot({ accountId: '333333333333', regions: ['eu-west-1'], users: [user({ name: 'zoë', password: true }), user({ name: 'al', password: true, mfa: true })] }), 'eu-west-1', true)
  const b = accountSnapshot({ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'], credentialReport: denied('iam:GetCredentialReport') })
  withSgs(b, 'us-east-1', false)
  b.regional['eu-west-1'] = { 'ec2.securityGroups': denied('ec2:DescribeSecurityGroups') }
  b.apiCalls = { iam: 7, ec2: 2 }
  const c = withSgs(accountSnapshot({ accountId: '222222222222', regions: ['eu-west-1'] }), 'eu-west-1', false)
  c.name = 'Prod'
  c.ouPath = [{ id: 'r-1', name: 'Root' }, { id: 'ou-1', name: 'Workloads' }]
  const snap = snapshot(a, b, c)
  snap.apiCalls = { organizations: 3, sts: 4 }
  return snap
}

/** What the organization scan keeps in memory: account metadata without IAM/regional data. */
function light(snap: Snapshot): Snapshot {
  return { ...snap, accounts: snap.accounts.map(({ iam: _iam, regional: _r, ...rest }) => ({ ...rest, regional: {} })) }
}

/** Findings grouped by account, in report order, as the orchestrator streams them. */
function groups(findings: Finding[]): Finding[][] {
  const byAccount = new Map<string, Finding[]>()
  for (const f of [...findings].sort(compareFindings)) byAccount.set(f.accountId, [...(byAccount.get(f.accountId) ?? []), f])
  return [...byAccount.values()]
}

async function streamed(snap: Snapshot, findings: Finding[]): Promise<string> {
  let text = ''
  const perAccount = groups(findings).map((g) => summarizeFindings(g))
  await streamReport({ command: 'scan', tool, snapshot: light(snap), ruleSet, asOf: NOW, totals: combineTotals(perAccount), findings: groups(findings) }, (chunk) => {
    text += chunk
  })
  return text
}

describe('streamed findings.json', () => {
  it('equals the in-memory builder byte for byte (failures, errors, muted, unicode)', async () => {
    const snap = fixture()
    const findings = evaluateSnapshot(snap, ruleSet, { now: NOW })
    // A muted failure must not count towards failuresBySeverity in either path.
    const fail = findings.find((f) => f.status === 'fail' && f.checkId === 'iam.user-console-mfa')!
    fail.muted = { reason: 'break-glass', owner: 'sec', expires: '2027-01-01' }
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['pass', 'fail', 'error', 'not_applicable']))

    const expected = renderReportJson(buildReport({ command: 'scan', tool, snapshot: snap, findings, ruleSet, asOf: NOW }))
    const actual = await streamed(snap, findings)
    expect(actual).toBe(expected)
    // Sanity: the document is non-trivial.
    const doc = JSON.parse(actual)
    expect(doc.coverage.errors.length).toBeGreaterThan(0)
    expect(doc.findings.length).toBe(findings.length)
  })

  it('equals the builder with no findings at all', async () => {
    const snap = snapshot()
    const expected = renderReportJson(buildReport({ command: 'scan', tool, snapshot: snap, findings: [], ruleSet, asOf: NOW }))
    expect(await streamed(snap, [])).toBe(expected)
  })

  it('writes the file atomically with the same bytes', async () => {
    const snap = fixture()
    const findings = evaluateSnapshot(snap, ruleSet, { now: NOW })
    const file = join(mkdtempSync(join(tmpdir(), 'guardrail-stream-')), 'out', 'findings.json')
    const count = await writeReportFile(file, { command: 'scan', tool, snapshot: light(snap), ruleSet, asOf: NOW, totals: summarizeFindings(findings), findings: groups(findings) })
    expect(count).toBe(findings.length)
    expect(readFileSync(file, 'utf8')).toBe(renderReportJson(buildReport({ command: 'scan', tool, snapshot: snap, findings, ruleSet, asOf: NOW })))
  })

  it('refuses findings out of report order and totals that do not match', async () => {
    const snap = fixture()
    const findings = evaluateSnapshot(snap, ruleSet, { now: NOW }).sort(compareFindings)
    const reversed = [[...findings].reverse()]
    await expect(streamReport({ command: 'scan', tool, snapshot: light(snap), ruleSet, asOf: NOW, totals: summarizeFindings(findings), findings: reversed }, () => {})).rejects.toThrow(/out of report order/)
    await expect(
      streamReport({ command: 'scan', tool, snapshot: light(snap), ruleSet, asOf: NOW, totals: summarizeFindings(findings.slice(1)), findings: [findings] }, () => {}),
    ).rejects.toThrow(/totals count/)
  })
})
