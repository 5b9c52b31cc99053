// findings.json (+ attestations, SoA) → the ISMS report document: every control of the framework,
// its automated evidence, its status and why. Pure: the as-of is the findings report's, so the same
// inputs give the same document.
import type { Status } from '../core/types.js'
import type { FindingsReport } from '../report/schema.js'
import { byCodePoint } from '../report/build.js'
import { controlStatus, CONTROL_STATUSES, type ControlEvidence, type ControlStatus } from './control-status.js'
import type { Framework } from '../rules/schema.js'
import type { Attestation, Exclusion } from './inputs-schema.js'
import type { IsmsControl, IsmsReport } from './schema.js'
import { ISMS_SCHEMA_VERSION } from './schema.js'

type ReportFinding = FindingsReport['findings'][number]

export interface BuildIsmsInput {
  findings: FindingsReport
  /** The framework as guardrail defines it (rules/frameworks): its groups and attestation prompts. */
  framework: Framework
  attestations: readonly Attestation[]
  exclusions: readonly Exclusion[]
}

/** Mapped checks that did not run in this report: not in it, disabled, or skipped by the kind of scan. */
function checksNotRun(report: FindingsReport, checks: readonly string[]): string[] {
  const ran = new Set(report.checks.filter((c) => c.enabled).map((c) => c.id))
  for (const s of report.coverage.checksSkipped) ran.delete(s.checkId)
  return checks.filter((id) => !ran.has(id))
}

function evidenceOf(report: FindingsReport, checks: readonly string[], byCheck: Map<string, ReportFinding[]>): { evidence: ControlEvidence; details: IsmsControl['evidence'] } {
  const counts: Record<Status, number> = { pass: 0, fail: 0, error: 0, not_applicable: 0 }
  let muted = 0
  const accounts = new Set<string>()
  const regions = new Set<string>()
  const failing: IsmsControl['evidence']['failing'] = []
  const perCheck: IsmsControl['evidence']['perCheck'] = []
  const acceptedRisks: IsmsControl['evidence']['acceptedRisks'] = []
  for (const id of checks) {
    const own = { checkId: id, pass: 0, fail: 0, error: 0, notApplicable: 0 }
    perCheck.push(own)
    for (const f of byCheck.get(id) ?? []) {
      accounts.add(f.accountId)
      regions.add(f.region)
      if (f.status === 'fail' && f.muted) {
        muted++
        acceptedRisks.push({ findingId: f.id, checkId: f.checkId, accountId: f.accountId, region: f.region, resource: f.resource, reason: f.muted.reason, owner: f.muted.owner, expires: f.muted.expires })
        continue
      }
      counts[f.status]++
      own[f.status === 'not_applicable' ? 'notApplicable' : f.status]++
      if (f.status === 'fail') failing.push({ findingId: f.id, checkId: f.checkId, accountId: f.accountId, region: f.region, resource: f.resource, message: f.message, severity: f.severity })
    }
  }
  const notRun = checksNotRun(report, checks)
  return {
    evidence: { checks, pass: counts.pass, fail: counts.fail, muted, error: counts.error, notApplicable: counts.not_applicable, notRun },
    details: {
      checks: [...checks],
      pass: counts.pass,
      fail: counts.fail,
      error: counts.error,
      notApplicable: counts.not_applicable,
      notRun,
      perCheck,
      accounts: [...accounts].sort(byCodePoint),
      regions: [...regions].sort(byCodePoint),
      failing,
      acceptedRisks,
    },
  }
}

/** A control's group (Annex A theme, CIS section) by the first part of its id. */
export function groupOf(framework: Framework, controlId: string): string {
  return framework.groups[controlId.split('.')[0]!] ?? 'Other controls'
}

export function buildIsmsReport({ findings, framework: defined, attestations, exclusions }: BuildIsmsInput): IsmsReport {
  // The mapping that was evaluated is the one recorded in the findings report; guardrail's own file adds
  // what a report does not carry (groups, prompts).
  const framework = findings.frameworks.find((f) => f.id === defined.id)
  if (!framework?.controls) throw new Error(`findings report has no controls for framework ${defined.id}`)
  const prompts = new Map(defined.controls.map((c) => [c.id, c.attest]))
  const ownAttestations = attestations.filter((a) => (a.framework ?? 'iso27001-2022') === defined.id)
  const ownExclusions = exclusions.filter((e) => (e.framework ?? 'iso27001-2022') === defined.id)
  const asOf = new Date(findings.run.asOf)
  const byCheck = new Map<string, ReportFinding[]>()
  for (const f of findings.findings) (byCheck.get(f.checkId) ?? byCheck.set(f.checkId, []).get(f.checkId)!).push(f)

  const controls: IsmsControl[] = framework.controls.map((control) => {
    const { evidence, details } = evidenceOf(findings, control.checks, byCheck)
    const exclusion = ownExclusions.find((e) => e.control === control.id)
    const verdict = controlStatus({ evidence, attestations: ownAttestations.filter((a) => a.control === control.id), exclusion, asOf })
    const prompt = prompts.get(control.id)
    return {
      id: control.id,
      title: control.title,
      group: groupOf(defined, control.id),
      status: verdict.status,
      reasons: verdict.reasons,
      automated: control.checks.length > 0,
      ...(prompt !== undefined ? { prompt } : {}),
      evidence: details,
      ...(verdict.attestation ? { attestation: verdict.attestation } : {}),
      expiredAttestations: verdict.expiredAttestations,
      ...(exclusion ? { exclusion } : {}),
      ...(verdict.excludedWithFailures ? { excludedWithFailures: true } : {}),
    }
  })
  const byStatus = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>
  for (const c of controls) byStatus[c.status]++
  return {
    schemaVersion: ISMS_SCHEMA_VERSION,
    framework: { id: framework.id, name: framework.name, version: framework.version },
    source: { tool: findings.tool, command: findings.run.command, asOf: findings.run.asOf, accounts: findings.run.accounts.length, regions: findings.run.regions, coverageComplete: findings.coverage.complete },
    summary: { controls: controls.length, automated: controls.filter((c) => c.automated).length, byStatus },
    controls,
  }
}
