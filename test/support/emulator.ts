// One moto server per test file (files run in parallel, each with its own emulator), reset before
// each test so scenarios never leak into each other.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../tools/emulator.js'

export function useEmulator(options: { resetBeforeEach?: boolean } & Pick<EmulatorOptions, 'awsManagedPolicies'> = {}): { readonly endpoint: string; readonly emulator: Emulator } {
  let emulator: Emulator | undefined
  beforeAll(async () => {
    emulator = await startEmulator({ awsManagedPolicies: options.awsManagedPolicies ?? false })
  })
  afterAll(async () => {
    await emulator?.stop()
  })
  if (options.resetBeforeEach ?? true) {
    beforeEach(async () => {
      await emulator!.reset()
    })
  }
  return {
    get endpoint() {
      if (!emulator) throw new Error('emulator not started: call useEmulator() at the top of the file')
      return emulator.endpoint
    },
    get emulator() {
      if (!emulator) throw new Error('emulator not started')
      return emulator
    },
  }
}

/**
 * Sets, for each test, the environment a user's shell would have for the standard credential chain
 * against the emulator (AWS_ENDPOINT_URL, static keys, empty config files, no profile), and restores
 * the process environment afterwards.
 */
export function useUserShellEnvironment(endpoint: () => string): void {
  const saved = { ...process.env }
  beforeEach(() => {
    const emptyConfig = join(mkdtempSync(join(tmpdir(), 'guardrail-aws-')), 'config')
    writeFileSync(emptyConfig, '')
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: endpoint(),
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: emptyConfig,
      AWS_SHARED_CREDENTIALS_FILE: emptyConfig,
      AWS_EC2_METADATA_DISABLED: 'true',
    })
    delete process.env.AWS_PROFILE
    delete process.env.AWS_SESSION_TOKEN
  })
  afterEach(() => {
    process.env = { ...saved }
  })
}
