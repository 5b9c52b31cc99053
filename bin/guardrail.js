#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (scripts/setup.sh does it).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js')
if (!existsSync(main)) {
  process.stderr.write('error: guardrail is not built (dist/cli/main.js is missing)\nhint: run `npm run build` (or `bash scripts/setup.sh`)\n')
  process.exit(2)
}
await import(pathToFileURL(main).href)
