// Reads the content of the `SSM-SessionManagerRunShell` Session document into the Session Manager
// preferences of a region. The shape is AWS's Session document schema: schemaVersion "1.0",
// sessionType "Standard_Stream", and an `inputs` map (s3BucketName, s3EncryptionEnabled,
// cloudWatchLogGroupName, cloudWatchEncryptionEnabled, runAsEnabled, runAsDefaultUser,
// idleSessionTimeout and maxSessionDuration as strings of minutes, …).
//
// The content is data written by whoever administers the account, so this never throws: content
// that is not JSON, not an object, or lacks `inputs` is recorded as a document-level `problem`; an
// input whose value Session Manager would not accept is left out of the preferences and named in
// `invalidInputs` (so a check does not mistake "unreadable" for "not set", e.g. read a broken
// idle timeout as the 20-minute default). Strings are kept as written: they are data, and the
// report's renderers neutralise what they print.
import type { SessionPreferences } from '../../snapshot/ssm.js'

/** How much of a broken document a problem quotes: enough to recognise it, never the whole thing. */
const EXCERPT_CHARS = 120
const PROBLEM_CHARS = 600

const STRING_INPUTS = ['s3BucketName', 's3KeyPrefix', 'cloudWatchLogGroupName', 'kmsKeyId', 'runAsDefaultUser'] as const
const BOOLEAN_INPUTS = ['s3EncryptionEnabled', 'cloudWatchEncryptionEnabled', 'cloudWatchStreamingEnabled', 'runAsEnabled'] as const
/** Minutes, with the ranges AWS documents: idle 1–60, maximum duration 1–1440. */
const MINUTE_INPUTS = { idleSessionTimeout: 60, maxSessionDuration: 1440 } as const

const excerpt = (value: unknown): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  // JSON quoting escapes control characters, so the excerpt is one printable line.
  return JSON.stringify(text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text)
}

const bounded = (problem: string) => (problem.length > PROBLEM_CHARS ? `${problem.slice(0, PROBLEM_CHARS)}…` : problem)

/** JSON.parse's message quotes the input it choked on: escape its control characters like the excerpt's. */
const escapeControls = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

// The console writes "" for a preference left empty: that is "not set", not a value.
const isUnset = (value: unknown) => value === undefined || value === null || value === ''

function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  // Templates (CloudFormation, Terraform) often write booleans as strings.
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true'
  return undefined
}

function readMinutes(value: unknown, max: number): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined
  const minutes = Number(text)
  return minutes >= 1 && minutes <= max ? minutes : undefined
}

/** The preferences a document's JSON content (GetDocument, DocumentFormat JSON) declares. */
export function parseSessionPreferences(content: string): SessionPreferences {
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch (err) {
    return { documentExists: true, problem: bounded(`the document content is not valid JSON (${escapeControls((err as Error).message)}); it begins ${excerpt(content)}`) }
  }
  if (!isRecord(parsed)) return { documentExists: true, problem: bounded(`the document content is not a JSON object but ${excerpt(parsed)}`) }
  if (parsed.sessionType !== undefined && parsed.sessionType !== 'Standard_Stream') {
    return { documentExists: true, problem: bounded(`the document's sessionType is ${excerpt(parsed.sessionType)}, not Standard_Stream: it does not hold Session Manager preferences`) }
  }
  const inputs = parsed.inputs
  if (!isRecord(inputs)) {
    return { documentExists: true, problem: bounded(inputs === undefined ? 'the document has no inputs (the preferences)' : `the document's inputs are not an object but ${excerpt(inputs)}`) }
  }

  const prefs: SessionPreferences = { documentExists: true }
  const invalid: string[] = []
  const reject = (name: string, value: unknown) => invalid.push(`${name}=${excerpt(value)}`)

  for (const name of STRING_INPUTS) {
    const value = inputs[name]
    if (isUnset(value)) continue
    if (typeof value === 'string') {
      if (value.trim() !== '') prefs[name] = value
    } else reject(name, value)
  }
  for (const name of BOOLEAN_INPUTS) {
    const value = inputs[name]
    if (isUnset(value)) continue
    const flag = readBoolean(value)
    if (flag === undefined) reject(name, value)
    else prefs[name] = flag
  }
  for (const [name, max] of Object.entries(MINUTE_INPUTS) as [keyof typeof MINUTE_INPUTS, number][]) {
    const value = inputs[name]
    if (isUnset(value)) continue
    const minutes = readMinutes(value, max)
    if (minutes === undefined) reject(name, value)
    else prefs[name] = minutes
  }

  if (invalid.length > 0) {
    prefs.invalidInputs = invalid.map((entry) => entry.slice(0, entry.indexOf('=')))
    prefs.problem = bounded(`inputs with values Session Manager does not accept: ${invalid.join(', ')}`)
  }
  return prefs
}
