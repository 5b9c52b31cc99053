// The published JSON Schema of findings.json, generated from the zod schema (npm run schemas) and
// drift-tested, so consumers in any language can validate what they read.
import { z } from 'zod'
import { findingsReportSchema } from './schema.js'

export const FINDINGS_JSON_SCHEMA_FILE = 'schema/findings.schema.json'

export function findingsJsonSchema(): string {
  const schema = z.toJSONSchema(findingsReportSchema, { io: 'output' })
  return JSON.stringify({ ...schema, title: 'guardrail findings.json' }, null, 2) + '\n'
}
