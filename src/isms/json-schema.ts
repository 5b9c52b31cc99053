// The published JSON Schemas of the ISMS files (npm run schemas; drift-tested): isms.json for
// consumers, attestations.yaml and soa.yaml for editor completion.
import { z } from 'zod'
import { attestationsFileSchema, soaFileSchema } from './inputs-schema.js'
import { ismsReportSchema } from './schema.js'

const render = (schema: z.ZodType, title: string, io: 'input' | 'output') => JSON.stringify({ ...z.toJSONSchema(schema, { io }), title }, null, 2) + '\n'

export const ISMS_JSON_SCHEMAS: readonly { file: string; content: () => string }[] = [
  { file: 'schema/isms.schema.json', content: () => render(ismsReportSchema, 'guardrail isms.json', 'output') },
  { file: 'schema/attestations.schema.json', content: () => render(attestationsFileSchema, 'guardrail ISMS attestations', 'input') },
  { file: 'schema/soa.schema.json', content: () => render(soaFileSchema, 'guardrail Statement of Applicability exclusions', 'input') },
]
