// Finds and validates the config file. An explicit --config must exist; the implicit
// ./guardrail.config.yaml is used only when present, so guardrail works with no config at all.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { InputError } from '../core/errors.js'
import { readYamlFile } from '../rules/load.js'
import { configSchema, type GuardrailConfig } from './schema.js'

export const DEFAULT_CONFIG_FILE = 'guardrail.config.yaml'

export interface LoadedConfig {
  config: GuardrailConfig
  /** Path the config came from; undefined when defaults were used. */
  source: string | undefined
}

export function defaultConfig(): GuardrailConfig {
  return configSchema.parse({})
}

export function loadConfig(explicitPath: string | undefined, cwd: string): LoadedConfig {
  if (explicitPath !== undefined) {
    const file = resolve(cwd, explicitPath)
    if (!existsSync(file)) {
      throw new InputError('ConfigNotFound', `--config: ${explicitPath} does not exist.`, `Check the path, or omit --config to use ./${DEFAULT_CONFIG_FILE} when present.`)
    }
    return { config: readConfigFile(file), source: file }
  }
  const implicit = resolve(cwd, DEFAULT_CONFIG_FILE)
  if (existsSync(implicit)) return { config: readConfigFile(implicit), source: implicit }
  return { config: defaultConfig(), source: undefined }
}

function readConfigFile(file: string): GuardrailConfig {
  // An empty file parses to null; treat it as "no settings" rather than a type error.
  return readYamlFile(file, z.preprocess((raw) => raw ?? {}, configSchema), 'guardrail config')
}
