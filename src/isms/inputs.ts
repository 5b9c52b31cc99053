// Loading the ISMS owner's files (attestations.yaml, soa.yaml): YAML through the one bounded reader,
// the shape through zod, then what only the framework knows — every control named must exist in it
// (a typo such as '5.100' must not quietly attest nothing), and a control is excluded at most once.
// Every problem is an InputError (exit 2) naming the file, the entry and the field.
import { InputError } from '../core/errors.js'
import { closeMatches } from '../core/suggest.js'
import type { Framework } from '../rules/schema.js'
import { readYamlFile } from '../rules/load.js'
import { attestationsFileSchema, soaFileSchema, type Attestation, type Exclusion } from './inputs-schema.js'

function checkControls(file: string, what: string, entries: readonly { control: string }[], framework: Framework, declared: string): void {
  if (declared !== framework.id) {
    throw new InputError('UnknownFramework', `${file}: framework "${declared}" is not ${framework.id}, the framework this report covers.`, `Set framework: ${framework.id} in ${file}, or leave the key out.`)
  }
  const ids = framework.controls.map((c) => c.id)
  const known = new Set(ids)
  const problems = entries.flatMap((e, i) => {
    if (known.has(e.control)) return []
    const near = closeMatches(e.control, ids)
    return [`  - ${what}[${i}] (entry ${i + 1}).control: "${e.control}" is not a control of ${framework.name}${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}`]
  })
  if (problems.length > 0) {
    throw new InputError('UnknownControl', `${file} names controls that do not exist:\n${problems.join('\n')}`, `Use the control ids of ${framework.name} (guardrail checks --framework ${framework.id} lists them); quote them in YAML ('5.10').`)
  }
}

export function loadAttestations(file: string, framework: Framework): Attestation[] {
  const parsed = readYamlFile(file, attestationsFileSchema, 'attestations file')
  checkControls(file, 'attestations', parsed.attestations, framework, parsed.framework)
  parsed.attestations.forEach((a, i) => {
    if (a.validUntil < a.date) {
      throw new InputError('InvalidFile', `${file}: attestations[${i}] (entry ${i + 1}, control ${a.control}).validUntil ${a.validUntil} is before its date ${a.date}.`, 'An attestation is valid from its date until validUntil.')
    }
  })
  return parsed.attestations
}

export function loadSoa(file: string, framework: Framework): Exclusion[] {
  const parsed = readYamlFile(file, soaFileSchema, 'Statement of Applicability file')
  checkControls(file, 'exclusions', parsed.exclusions, framework, parsed.framework)
  const seen = new Map<string, number>()
  parsed.exclusions.forEach((e, i) => {
    const first = seen.get(e.control)
    if (first !== undefined) {
      throw new InputError('DuplicateExclusion', `${file}: exclusions[${i}] (entry ${i + 1}) excludes control ${e.control} again (first in entry ${first + 1}).`, 'Keep one exclusion per control, with one justification.')
    }
    seen.set(e.control, i)
  })
  return parsed.exclusions
}
