// Regenerates the published JSON Schemas from the zod schemas, and the IAM policies and role template
// from the registries: npm run schemas
// (test/report/json-schema.test.ts and test/config/json-schema.test.ts fail until this is re-run
// after a schema change).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchema } from '../src/config/json-schema.js'
import { FINDINGS_JSON_SCHEMA_FILE, findingsJsonSchema } from '../src/report/json-schema.js'
import { SUPPRESSIONS_JSON_SCHEMA_FILE, suppressionsJsonSchema } from '../src/refine/suppressions-schema.js'
import { ISMS_JSON_SCHEMAS } from '../src/isms/json-schema.js'
import { ACCESS_JSON_SCHEMAS } from '../src/access/json-schema.js'
import { REMEDIATION_GENERATED_FILES } from '../src/remediate/generated-files.js'
import { USERS_GENERATED_FILES } from '../src/users/templates.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
for (const [file, content] of [
  [CONFIG_JSON_SCHEMA_FILE, configJsonSchema()],
  [FINDINGS_JSON_SCHEMA_FILE, findingsJsonSchema()],
  [SUPPRESSIONS_JSON_SCHEMA_FILE, suppressionsJsonSchema()],
  ...ISMS_JSON_SCHEMAS.map((s) => [s.file, s.content()] as const),
  ...ACCESS_JSON_SCHEMAS.map((s) => [s.file, s.content()] as const),
  ...REMEDIATION_GENERATED_FILES.map((s) => [s.file, s.content()] as const),
  ...USERS_GENERATED_FILES.map((s) => [s.file, s.content()] as const),
] as const) {
  mkdirSync(dirname(join(root, file)), { recursive: true })
  writeFileSync(join(root, file), content)
  console.log(`wrote ${file}`)
}
