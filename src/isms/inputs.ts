// Loading the ISMS owner's files (attestations.yaml, soa.yaml): YAML through the one bounded reader,
// the shape through zod, then what only the frameworks know — every entry's framework must exist and
// every control named must exist in it (a typo such as '5.100' must not quietly attest nothing), and a
// control is excluded at most once. Each entry comes back with its framework filled in.
// Every problem is an InputError (exit 2) naming the file, the entry and the field.
import { InputError } from '../core/errors.js'
import { closeMatches } from '../core/suggest.js'
import type { Framework } from '../rules/schema.js'
import { readYamlFile } from '../rules/load.js'
import { attestationsFileSchema, soaFileSchema, type Attestation, type Exclusion } from './inputs-schema.js'

type WithFramework<T> = T & { framework: string }

function resolveFrameworks<T extends { framework?: string | undefined; control: string }>(file: string, what: string, entries: readonly T[], frameworks: readonly Framework[], fileDefault: string): WithFramework<T>[] {
  const byId = new Map(frameworks.map((f) => [f.id, f]))
  const problems: string[] = []
  const resolved = entries.map((e, i) => {
    const id = e.framework ?? fileDefault
    const where = `${what}[${i}] (entry ${i + 1})`
    const framework = byId.get(id)
    if (!framework) {
      const near = closeMatches(id, [...byId.keys()])
      problems.push(`  - ${where}${e.framework === undefined ? ' (the file\'s framework)' : '.framework'}: "${id}" is not a framework guardrail knows${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}`)
    } else if (!framework.controls.some((c) => c.id === e.control)) {
      const near = closeMatches(e.control, framework.controls.map((c) => c.id))
      problems.push(`  - ${where}.control: "${e.control}" is not a control of ${framework.name}${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}`)
    }
    return { ...e, framework: id }
  })
  if (problems.length > 0) {
    throw new InputError(
      'UnknownControl',
      `${file} names controls that do not exist:\n${problems.join('\n')}`,
      `Frameworks: ${[...byId.keys()].join(', ')}; \`guardrail checks --framework <id>\` lists a framework's controls. Quote control ids in YAML ('5.10').`,
    )
  }
  return resolved
}

export function loadAttestations(file: string, frameworks: readonly Framework[]): WithFramework<Attestation>[] {
  const parsed = readYamlFile(file, attestationsFileSchema, 'attestations file')
  const attestations = resolveFrameworks(file, 'attestations', parsed.attestations, frameworks, parsed.framework)
  attestations.forEach((a, i) => {
    if (a.validUntil < a.date) {
      throw new InputError('InvalidFile', `${file}: attestations[${i}] (entry ${i + 1}, control ${a.control}).validUntil ${a.validUntil} is before its date ${a.date}.`, 'An attestation is valid from its date until validUntil.')
    }
  })
  return attestations
}

export function loadSoa(file: string, frameworks: readonly Framework[]): WithFramework<Exclusion>[] {
  const parsed = readYamlFile(file, soaFileSchema, 'Statement of Applicability file')
  const exclusions = resolveFrameworks(file, 'exclusions', parsed.exclusions, frameworks, parsed.framework)
  const seen = new Map<string, number>()
  exclusions.forEach((e, i) => {
    const key = `${e.framework} ${e.control}`
    const first = seen.get(key)
    if (first !== undefined) {
      throw new InputError('DuplicateExclusion', `${file}: exclusions[${i}] (entry ${i + 1}) excludes ${e.framework} control ${e.control} again (first in entry ${first + 1}).`, 'Keep one exclusion per control, with one justification.')
    }
    seen.set(key, i)
  })
  return exclusions
}
