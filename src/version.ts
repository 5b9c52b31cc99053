// The tool's name and version, read once from package.json so a release only bumps one place.
// package.json sits one level above both src/ and dist/.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const packageJson = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')) as {
  name: string
  version: string
}

export const TOOL_NAME: string = packageJson.name
export const TOOL_VERSION: string = packageJson.version
