// --baseline for the ISMS report: which controls changed status since a previous isms.json, so the
// ISMS owner sees what got better or worse between two audits (or two weeks before one).
import { readFileSync } from 'node:fs'
import { InputError } from '../core/errors.js'
import { formatZodIssues } from '../core/zod-format.js'
import { ismsReportSchema, type IsmsReport } from './schema.js'

/** The largest previous isms.json read: a real one is a few MB (93 controls and their failing resources). */
const MAX_BYTES = 256 * 2 ** 20

export function loadIsmsReport(file: string): IsmsReport {
  let raw: unknown
  try {
    const text = readFileSync(file, 'utf8')
    if (text.length > MAX_BYTES) throw new InputError('FileTooLarge', `previous ISMS report ${file} is larger than ${MAX_BYTES / 2 ** 20} MiB.`, 'Give the isms.json a guardrail isms run wrote.')
    raw = JSON.parse(text)
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError('InvalidIsmsReport', `Cannot read previous ISMS report ${file}: ${(err as Error).message.slice(0, 200)}`, 'Give the isms.json a guardrail isms run wrote, unmodified.')
  }
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
