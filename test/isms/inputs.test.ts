// The ISMS owner's files: good ones load; every bad one is exit 2 naming the file, the entry and the field.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { loadAttestations, loadSoa } from '../../src/isms/inputs.js'
import { loadFrameworks } from '../../src/rules/load.js'
import { tempDir } from '../cli/helpers.js'

const frameworks = loadFrameworks()
const iso = frameworks
const write = (name: string, text: string) => {
  const file = join(tempDir('guardrail-isms-'), name)
  writeFileSync(file, text)
  return file
}
const GOOD_ATTESTATION = `attestations:
  - control: '5.1'
    statement: The information security policy is approved by management and published
    attestedBy: Jane Doe, CISO
    date: 2026-01-10
    evidence: https://intranet.example.com/policies/infosec-policy-v3.pdf
    validUntil: 2027-01-10
`

describe('loadAttestations', () => {
  it('loads a good file', () => {
    const [a] = loadAttestations(write('att.yaml', GOOD_ATTESTATION), iso)
    expect(a).toMatchObject({ framework: 'iso27001-2022', control: '5.1', attestedBy: 'Jane Doe, CISO', date: '2026-01-10', validUntil: '2027-01-10' })
  })

  it("serves every framework from one file: an entry's own framework beats the file's", () => {
    const text = `${GOOD_ATTESTATION}  - framework: account-setup\n    control: '1.3'\n    statement: Security questions set\n    attestedBy: Cloud team\n    date: 2026-01-10\n    evidence: vault://aws/root\n    validUntil: 2027-01-10\n`
    expect(loadAttestations(write('att.yaml', text), iso).map((a) => `${a.framework} ${a.control}`)).toEqual(['iso27001-2022 5.1', 'account-setup 1.3'])
  })

  it.each([
    ['an unknown control, with the closest ids', GOOD_ATTESTATION.replace("'5.1'", "'5.100'"), 'UnknownControl', /attestations\[0\] \(entry 1\)\.control: "5\.100" is not a control of ISO\/IEC 27001:2022 Annex A \(did you mean/],
    ['a required field missing', GOOD_ATTESTATION.replace(/    attestedBy:.*\n/, ''), 'InvalidFile', /attestedBy/],
    ['an impossible date', GOOD_ATTESTATION.replace('2027-01-10', '2027-02-30'), 'InvalidFile', /validUntil.*not a real calendar date/s],
    ['valid until before its date', GOOD_ATTESTATION.replace('2027-01-10', '2025-01-10'), 'InvalidFile', /validUntil 2025-01-10 is before its date 2026-01-10/],
    ['an unknown key', GOOD_ATTESTATION.replace('    evidence:', '    evidense: x\n    evidence:'), 'InvalidFile', /evidense/],
    ["a control the file's framework lacks", `framework: cis-aws-3.0\n${GOOD_ATTESTATION.replace("'5.1'", "'8.15'")}`, 'UnknownControl', /"8\.15" is not a control of CIS AWS Foundations Benchmark/],
    ['an unknown framework, with the closest id', GOOD_ATTESTATION.replace("  - control:", "  - framework: cis-aws-30\n    control:"), 'UnknownControl', /attestations\[0\] \(entry 1\)\.framework: "cis-aws-30" is not a framework guardrail knows \(did you mean cis-aws-3\.0\?\)/],
    ['an unquoted control that YAML reads as a number', GOOD_ATTESTATION.replace("'5.1'", '5.10'), 'InvalidFile', /control/],
  ])('%s: exit 2 naming the file and field', (_name, text, code, message) => {
    const file = write('att.yaml', text)
    let err: unknown
    try {
      loadAttestations(file, iso)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).code).toBe(code)
    expect((err as InputError).exitCode).toBe(2)
    expect((err as InputError).message).toContain(file)
    expect((err as InputError).message).toMatch(message)
  })
})

describe('loadSoa', () => {
  const GOOD = `exclusions:\n  - control: '7.5'\n    justification: No own premises; AWS data centres only\n    approvedBy: ISMS board\n`
  it('loads a good file', () => {
    expect(loadSoa(write('soa.yaml', GOOD), iso)).toEqual([{ control: '7.5', justification: 'No own premises; AWS data centres only', approvedBy: 'ISMS board', framework: 'iso27001-2022' }])
  })

  it('refuses a control excluded twice, and an unknown control', () => {
    expect(() => loadSoa(write('soa.yaml', `${GOOD}  - control: '7.5'\n    justification: again\n    approvedBy: x\n`), iso)).toThrow(/exclusions\[1\] \(entry 2\) excludes iso27001-2022 control 7\.5 again \(first in entry 1\)/)
    expect(() => loadSoa(write('soa.yaml', GOOD.replace("'7.5'", "'7.55'")), iso)).toThrow(/"7\.55" is not a control/)
    expect(() => loadSoa(write('soa.yaml', GOOD.replace(/    justification:.*\n/, '')), iso)).toThrow(/justification/)
  })
})
