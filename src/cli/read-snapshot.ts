// Reads a snapshot file written by `guardrail collect` (or kept as audit evidence). Validated with
// the snapshot schema so a hand-edited or truncated file fails with the file and field named.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { InputError } from '../core/errors.js'
import { formatZodIssues } from '../core/zod-format.js'
import { SNAPSHOT_SCHEMA_VERSION, snapshotSchema, type Snapshot } from '../snapshot/schema.js'

export function readSnapshotFile(path: string, cwd: string): Snapshot {
  const file = resolve(cwd, path)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputError('SnapshotUnreadable', `Cannot read snapshot ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`, 'Pass the file written by `guardrail collect -o <file>`.')
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new InputError('SnapshotNotJson', `${path} is not valid JSON: ${(err as Error).message}`, 'Pass the file written by `guardrail collect -o <file>`; it may have been truncated or edited.')
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion
  if (raw !== null && typeof raw === 'object' && version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new InputError(
      'SnapshotVersion',
      `${path}: schemaVersion is ${JSON.stringify(version)}, this guardrail reads snapshot schema version ${SNAPSHOT_SCHEMA_VERSION}.`,
      'Collect the snapshot again with this version of guardrail.',
    )
  }
  const parsed = snapshotSchema.safeParse(raw)
  if (!parsed.success) {
    throw new InputError('InvalidSnapshot', `${path} is not a valid guardrail snapshot:\n${formatZodIssues(parsed.error)}`, `Fix the field(s) named above, or collect the snapshot again with \`guardrail collect\`.`)
  }
  return parsed.data
}
