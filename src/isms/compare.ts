// --baseline for the ISMS report: which controls changed status since a previous isms.json, so the
// ISMS owner sees what got better or worse between two audits (or two weeks before one).
import { InputError } from '../core/errors.js'
import { formatZodIssues } from '../core/zod-format.js'
import { readJsonFile } from '../refine/baseline.js'
import { ismsReportSchema, type IsmsReport } from './schema.js'

export function loadIsmsReport(file: string): IsmsReport {
  const raw = readJsonFile(file, 'previous ISMS report')
  const parsed = ismsReportSchema.safeParse(raw)
  if (!parsed.success) throw new InputError('InvalidIsmsReport', `${file} is not a valid isms.json:\n${formatZodIssues(parsed.error)}`, 'Give the isms.json a guardrail isms run wrote, unmodified.')
  return parsed.data
}

export function compareIsms(current: IsmsReport, previous: IsmsReport, file: string): IsmsReport {
  if (previous.framework.id !== current.framework.id) {
    throw new InputError('InvalidIsmsReport', `${file} covers ${previous.framework.id}, this report ${current.framework.id}.`, 'Compare ISMS reports of the same framework.')
  }
  const before = new Map(previous.controls.map((c) => [c.id, c.status]))
  const controls = current.controls.map((c) => {
    const was = before.get(c.id)
    return was === undefined ? c : { ...c, previousStatus: was }
  })
  const changed = controls.filter((c) => c.previousStatus !== undefined && c.previousStatus !== c.status).map((c) => ({ id: c.id, title: c.title, from: c.previousStatus!, to: c.status }))
  return { ...current, baseline: { file, asOf: previous.source.asOf, changed }, controls }
}
