// The ISMS control status as a table: every status reachable, the precedence between evidence,
// attestations and exclusions, and attestation validity at the day boundaries.
import { describe, expect, it } from 'vitest'
import { attestationValidAt, CONTROL_STATUSES, controlStatus, type ControlEvidence, type ControlStatus } from '../../src/isms/control-status.js'
import type { Attestation, Exclusion } from '../../src/isms/inputs-schema.js'

const AS_OF = new Date('2026-06-15T12:00:00Z')
const evidence = (e: Partial<ControlEvidence> = {}): ControlEvidence => ({ checks: ['iam.root-mfa'], pass: 0, fail: 0, muted: 0, error: 0, notApplicable: 0, notRun: [], ...e })
const manual = (e: Partial<ControlEvidence> = {}) => evidence({ checks: [], ...e })
const attestation = (a: Partial<Attestation> = {}): Attestation => ({
  control: '5.1',
  statement: 'The information security policy is approved and published',
  attestedBy: 'CISO',
  date: '2026-01-10',
  evidence: 'https://intranet.example.com/policies/infosec.pdf',
  validUntil: '2027-01-10',
  ...a,
})
const expired = attestation({ date: '2025-01-01', validUntil: '2026-01-01' })
const future = attestation({ date: '2026-07-01', validUntil: '2027-07-01' })
const exclusion: Exclusion = { control: '7.5', justification: 'No own premises: AWS data centres only', approvedBy: 'ISMS board' }

const cases: [string, Parameters<typeof controlStatus>[0], ControlStatus, RegExp][] = [
  ['excluded, nothing failing', { evidence: manual(), attestations: [], exclusion, asOf: AS_OF }, 'excluded', /Statement of Applicability: No own premises.*ISMS board/],
  ['excluded wins over failing evidence, which is still reported', { evidence: evidence({ fail: 2 }), attestations: [], exclusion, asOf: AS_OF }, 'excluded', /2 failing findings of its mapped checks remain/],
  ['failing evidence', { evidence: evidence({ fail: 1, pass: 5 }), attestations: [], asOf: AS_OF }, 'failing', /^1 failing finding of its mapped checks$/],
  ['failing evidence beats a valid attestation', { evidence: evidence({ fail: 1 }), attestations: [attestation()], asOf: AS_OF }, 'failing', /does not outweigh failing evidence/],
  ['an evaluation that could not be made: partial, never satisfied', { evidence: evidence({ pass: 9, error: 1 }), attestations: [], asOf: AS_OF }, 'partial', /1 evaluation of its mapped checks could not be made/],
  ['a mapped check not run: partial', { evidence: evidence({ pass: 3, notRun: ['org.scp-deny-root'] }), attestations: [], asOf: AS_OF }, 'partial', /not run in this scan: org.scp-deny-root/],
  ['partial even with a valid attestation', { evidence: evidence({ error: 1 }), attestations: [attestation()], asOf: AS_OF }, 'partial', /does not fill the gap/],
  ['passing evidence', { evidence: evidence({ pass: 4 }), attestations: [], asOf: AS_OF }, 'satisfied', /^4 passing findings from 1 mapped check, none failing$/],
  ['passing evidence with accepted risks', { evidence: evidence({ pass: 4, muted: 2 }), attestations: [], asOf: AS_OF }, 'satisfied', /2 failing findings accepted as risk/],
  ['manual control with a valid attestation', { evidence: manual(), attestations: [attestation()], asOf: AS_OF }, 'attested', /attested by CISO on 2026-01-10, valid until 2027-01-10/],
  ['mapped checks with nothing to evaluate, attested', { evidence: evidence({ notApplicable: 3 }), attestations: [attestation()], asOf: AS_OF }, 'attested', /found nothing to evaluate \(3 not-applicable findings\)/],
  ['an expired attestation never satisfies', { evidence: manual(), attestations: [expired], asOf: AS_OF }, 'attestation-expired', /expired on 2026-01-01: renew it/],
  ['an attestation dated after the report does not count', { evidence: manual(), attestations: [future], asOf: AS_OF }, 'attestation-expired', /dated 2026-07-01, after this report/],
  ['a valid attestation among expired ones counts', { evidence: manual(), attestations: [expired, attestation()], asOf: AS_OF }, 'attested', /valid until 2027-01-10/],
  ['nothing at all', { evidence: manual(), attestations: [], asOf: AS_OF }, 'no-evidence', /no check can evidence it automatically/],
  ['mapped checks with nothing to evaluate, no attestation', { evidence: evidence({ notApplicable: 1 }), attestations: [], asOf: AS_OF }, 'no-evidence', /found nothing to evaluate/],
]

describe('controlStatus', () => {
  it.each(cases)('%s → %s', (_name, input, status, reason) => {
    const verdict = controlStatus(input)
    expect(verdict.status).toBe(status)
    expect(verdict.reasons.some((r) => reason.test(r)), verdict.reasons.join(' | ')).toBe(true)
  })

  it('every status is reachable', () => {
    expect(new Set(cases.map(([, input]) => controlStatus(input).status))).toEqual(new Set(CONTROL_STATUSES))
  })

  it('flags an exclusion over failing evidence, and only then', () => {
    expect(controlStatus({ evidence: evidence({ fail: 1 }), attestations: [], exclusion, asOf: AS_OF }).excludedWithFailures).toBe(true)
    expect(controlStatus({ evidence: evidence({ muted: 1 }), attestations: [], exclusion, asOf: AS_OF }).excludedWithFailures).toBeUndefined()
  })

  it('names the attestation that counts, the latest-valid one, and lists the expired ones apart', () => {
    const longer = attestation({ validUntil: '2027-06-01', attestedBy: 'Head of IT' })
    const verdict = controlStatus({ evidence: manual(), attestations: [expired, attestation(), longer], asOf: AS_OF })
    expect(verdict.attestation).toBe(longer)
    expect(verdict.expiredAttestations).toEqual([expired])
    expect(controlStatus({ evidence: evidence({ pass: 1 }), attestations: [attestation()], asOf: AS_OF }).attestation?.attestedBy).toBe('CISO')
    expect(controlStatus({ evidence: evidence({ fail: 1 }), attestations: [attestation()], asOf: AS_OF }).attestation).toBeUndefined()
  })
})

describe('attestationValidAt', () => {
  it.each([
    ['2026-01-10T00:00:00Z', true], // from the first instant of its date
    ['2026-01-09T23:59:59Z', false],
    ['2027-01-10T23:59:59Z', true], // through the end of validUntil (UTC)
    ['2027-01-11T00:00:00Z', false],
  ])('at %s: %s', (at, valid) => {
    expect(attestationValidAt(attestation(), new Date(at))).toBe(valid)
  })
})
