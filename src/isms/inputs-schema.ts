// The two files an ISMS owner writes for the ISMS report (issue 9), validated strictly at the boundary:
//
//   attestations.yaml — for controls no API can evidence (policies, training, physical security …):
//     who attests what, on which date, with which evidence, until when.
//   soa.yaml — Statement of Applicability exclusions: controls that do not apply, with the
//     justification and who approved it.
//
// Both files cover every control view guardrail writes (ISO/IEC 27001:2022 Annex A, CIS AWS, the
// account-setup checklist): the file names its usual framework, an entry may name another.
//
// Dates are ISO calendar dates (2026-02-30 is refused, not rolled over). Control ids are checked against
// the framework by the loader (src/isms/inputs.ts), which knows the framework; the shape is checked here.
import { z } from 'zod'
import { isoCalendarDate, nonEmptyText } from '../core/calendar-date.js'

const isoDate = isoCalendarDate
const text = nonEmptyText
const controlId = z.string().regex(/^\d+(\.\d+)*$/, "expected a control id such as '5.1' or '8.15' (quote it in YAML: '5.10' unquoted is the number 5.1)")

const frameworkId = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected a framework id such as iso27001-2022, cis-aws-3.0 or account-setup')

export const attestationSchema = z.strictObject({
  framework: frameworkId.optional().describe("The framework of the control; default: the file's framework"),
  control: controlId.describe('The control attested, e.g. 5.1'),
  statement: text.describe('What is in place, in the words an auditor reads'),
  attestedBy: text.describe('Who attests it (name and role, or a team address)'),
  date: isoDate.describe('When it was attested'),
  evidence: text.describe('Where the evidence is: a URL or a document path'),
  validUntil: isoDate.describe('After this day the attestation is expired and never counts'),
})

export const attestationsFileSchema = z
  .strictObject({
    framework: frameworkId.default('iso27001-2022').describe('The framework of entries that name none'),
    attestations: z.array(attestationSchema).default([]),
  })
  .describe('guardrail ISMS attestations (attestations.yaml)')

export const exclusionSchema = z.strictObject({
  framework: frameworkId.optional().describe("The framework of the control; default: the file's framework"),
  control: controlId.describe('The control excluded from the Statement of Applicability'),
  justification: text.describe('Why the control does not apply'),
  approvedBy: text.describe('Who approved the exclusion'),
  date: isoDate.optional().describe('When it was approved'),
})

export const soaFileSchema = z
  .strictObject({
    framework: frameworkId.default('iso27001-2022').describe('The framework of entries that name none'),
    exclusions: z.array(exclusionSchema).default([]),
  })
  .describe('guardrail Statement of Applicability exclusions (soa.yaml)')

export type Attestation = z.infer<typeof attestationSchema>
export type Exclusion = z.infer<typeof exclusionSchema>
export type AttestationsFile = z.infer<typeof attestationsFileSchema>
export type SoaFile = z.infer<typeof soaFileSchema>
