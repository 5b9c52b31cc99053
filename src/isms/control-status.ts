// One Annex A control's status in the ISMS report, and why — a pure function of the control's
// automated evidence, its attestations, its Statement of Applicability entry and the report's as-of.
//
// Precedence (first rule that applies wins; the table test in test/isms/control-status.test.ts
// reaches every status):
//   1. excluded             the SoA excludes it. Failing evidence is still reported with it
//                           (excludedWithFailures), never hidden by the exclusion.
//   2. failing              an unmuted failing finding of a mapped check. Beats any attestation: a
//                           signature does not outweigh a resource that fails.
//   3. partial              a mapped check could not be evaluated (an error finding, or the check did
//                           not run in this scan). Never "satisfied" with a gap in the evidence, whatever
//                           else is known.
//   4. satisfied            mapped checks were evaluated and at least one finding passed. Muted
//                           failures (accepted risks with an owner and expiry) are listed, not failing.
//   5. attested             no automated verdict (no mapped check, or nothing for them to evaluate)
//                           and a valid attestation.
//   6. attestation-expired  as 5, but every attestation is expired (or dated after the report): an
//                           expired attestation never counts.
//   7. no-evidence          nothing at all yet.
// Attestations are judged against the report's as-of, never the clock: valid from their date through
// the end of their validUntil day (UTC).
import type { Attestation, Exclusion } from './inputs-schema.js'

export const CONTROL_STATUSES = ['satisfied', 'failing', 'partial', 'attested', 'attestation-expired', 'no-evidence', 'excluded'] as const
export type ControlStatus = (typeof CONTROL_STATUSES)[number]

/** What the findings say about one control's mapped checks. */
export interface ControlEvidence {
  /** Check ids the framework maps to the control. */
  checks: readonly string[]
  pass: number
  /** Unmuted failing findings. */
  fail: number
  /** Failing findings muted by a suppression: accepted risks. */
  muted: number
  error: number
  notApplicable: number
  /** Mapped checks that did not run in this scan (disabled, not selected, organization checks in a single-account scan). */
  notRun: readonly string[]
}

export interface ControlStatusInput {
  evidence: ControlEvidence
  /** The attestations naming this control. */
  attestations: readonly Attestation[]
  exclusion?: Exclusion | undefined
  asOf: Date
}

export interface ControlVerdict {
  status: ControlStatus
  /** Plain sentences, most important first: why this status. */
  reasons: string[]
  /** The attestation that counts (status attested, or supporting a satisfied control). */
  attestation?: Attestation
  /** Attestations that are expired or dated after the report: shown, never counted. */
  expiredAttestations: Attestation[]
  /** Set when the SoA excludes a control whose evidence fails. */
  excludedWithFailures?: boolean
}

const DAY_MS = 86_400_000
const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`)

/** Valid from its date through the end of its validUntil day (UTC), judged at `asOf`. */
export function attestationValidAt(a: Attestation, asOf: Date): boolean {
  const t = asOf.getTime()
  return startOf(a.date) <= t && t < startOf(a.validUntil) + DAY_MS
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function controlStatus({ evidence, attestations, exclusion, asOf }: ControlStatusInput): ControlVerdict {
  const valid = attestations.filter((a) => attestationValidAt(a, asOf)).sort((a, b) => (a.validUntil < b.validUntil ? 1 : a.validUntil > b.validUntil ? -1 : 0))
  const expiredAttestations = attestations.filter((a) => !attestationValidAt(a, asOf))
  const attestation = valid[0]
  const withAttestation = (verdict: Omit<ControlVerdict, 'expiredAttestations'>): ControlVerdict => ({ ...verdict, expiredAttestations })
  const risks = evidence.muted > 0 ? [`${plural(evidence.muted, 'failing finding')} accepted as risk (suppressed, with owner and expiry)`] : []

  if (exclusion) {
    const reasons = [`Excluded from the Statement of Applicability: ${exclusion.justification} (approved by ${exclusion.approvedBy})`]
    if (evidence.fail > 0) reasons.push(`but ${plural(evidence.fail, 'failing finding')} of its mapped checks remain`)
    return withAttestation({ status: 'excluded', reasons, ...(evidence.fail > 0 ? { excludedWithFailures: true } : {}) })
  }
  if (evidence.fail > 0) {
    const reasons = [`${plural(evidence.fail, 'failing finding')} of its mapped checks`, ...risks]
    if (attestation) reasons.push(`the attestation by ${attestation.attestedBy} does not outweigh failing evidence`)
    return withAttestation({ status: 'failing', reasons })
  }
  if (evidence.error > 0 || evidence.notRun.length > 0) {
    const reasons: string[] = []
    if (evidence.error > 0) reasons.push(`${plural(evidence.error, 'evaluation')} of its mapped checks could not be made`)
    if (evidence.notRun.length > 0) reasons.push(`mapped check(s) not run in this scan: ${evidence.notRun.join(', ')}`)
    if (attestation) reasons.push(`attested by ${attestation.attestedBy} on ${attestation.date}, which does not fill the gap in the automated evidence`)
    return withAttestation({ status: 'partial', reasons: [...reasons, ...risks], ...(attestation ? { attestation } : {}) })
  }
  if (evidence.pass > 0) {
    const reasons = [`${plural(evidence.pass, 'passing finding')} from ${plural(evidence.checks.length, 'mapped check')}, none failing`, ...risks]
    if (attestation) reasons.push(`also attested by ${attestation.attestedBy} on ${attestation.date}`)
    return withAttestation({ status: 'satisfied', reasons, ...(attestation ? { attestation } : {}) })
  }
  const automated =
    evidence.checks.length === 0 ? 'no check can evidence it automatically' : `its mapped checks found nothing to evaluate (${plural(evidence.notApplicable, 'not-applicable finding')})`
  if (attestation) {
    return withAttestation({ status: 'attested', reasons: [`attested by ${attestation.attestedBy} on ${attestation.date}, valid until ${attestation.validUntil}`, automated, ...risks], attestation })
  }
  if (expiredAttestations.length > 0) {
    const latest = [...expiredAttestations].sort((a, b) => (a.validUntil < b.validUntil ? 1 : -1))[0]!
    const why = startOf(latest.date) > asOf.getTime() ? `is dated ${latest.date}, after this report` : `expired on ${latest.validUntil}`
    return withAttestation({ status: 'attestation-expired', reasons: [`the attestation by ${latest.attestedBy} ${why}: renew it`, automated, ...risks] })
  }
  return withAttestation({ status: 'no-evidence', reasons: [automated, 'no attestation yet', ...risks] })
}
