// The editor-facing JSON Schema of guardrail.config.yaml, generated from the zod schema so the two
// cannot disagree. Committed as schema/guardrail.config.schema.json (npm run schemas); a test fails
// when the committed copy drifts.
import { z } from 'zod'
import { configSchema } from './schema.js'

export const CONFIG_JSON_SCHEMA_FILE = 'schema/guardrail.config.schema.json'

export function configJsonSchema(): string {
  // io: 'input' describes what a user writes (defaults make fields optional), not the parsed result.
  const schema = z.toJSONSchema(configSchema, { io: 'input' })
  return JSON.stringify({ ...schema, title: 'guardrail.config.yaml' }, null, 2) + '\n'
}
