// Shared by the config tests: a config file in a fresh directory, and the InputError loading it gives.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { InputError } from '../../src/core/errors.js'
import { tempDir } from '../cli/helpers.js'

export function configFile(text: string): { dir: string; file: string } {
  const dir = tempDir('guardrail-config-')
  const file = join(dir, 'guardrail.config.yaml')
  writeFileSync(file, text)
  return { dir, file }
}

export function loadError(text: string): InputError {
  const { dir, file } = configFile(text)
  try {
    loadConfig(file, dir)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error('expected the config to be rejected')
}
