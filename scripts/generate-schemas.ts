// Regenerates the published JSON Schemas from the zod schemas: npm run schemas
// (test/report/json-schema.test.ts and test/config/json-schema.test.ts fail until this is re-run
// after a schema change).
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchema } from '../src/config/json-schema.js'
import { FINDINGS_JSON_SCHEMA_FILE, findingsJsonSchema } from '../src/report/json-schema.js'
import { SUPPRESSIONS_JSON_SCHEMA_FILE, suppressionsJsonSchema } from '../src/refine/suppressions-schema.js'
import { ISMS_JSON_SCHEMAS } from '../src/isms/json-schema.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
for (const [file, content] of [
  [CONFIG_JSON_SCHEMA_FILE, configJsonSchema()],
  [FINDINGS_JSON_SCHEMA_FILE, findingsJsonSchema()],
  [SUPPRESSIONS_JSON_SCHEMA_FILE, suppressionsJsonSchema()],
  ...ISMS_JSON_SCHEMAS.map((s) => [s.file, s.content()] as const),
] as const) {
  writeFileSync(join(root, file), content)
  console.log(`wrote ${file}`)
}
