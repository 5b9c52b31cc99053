// The published JSON Schemas of the access review's files (npm run schemas; drift-tested):
// access-map.json for consumers, access-decisions.yaml for editor completion.
import { z } from 'zod'
import { decisionsFileSchema } from './decisions.js'
import { accessMapSchema } from './map-schema.js'

const render = (schema: z.ZodType, title: string, io: 'input' | 'output') => JSON.stringify({ ...z.toJSONSchema(schema, { io }), title }, null, 2) + '\n'

export const ACCESS_JSON_SCHEMAS: readonly { file: string; content: () => string }[] = [
  { file: 'schema/access-map.schema.json', content: () => render(accessMapSchema, 'guardrail access-map.json', 'output') },
  { file: 'schema/access-decisions.schema.json', content: () => render(decisionsFileSchema, 'guardrail access review decisions', 'input') },
]
