// One moto server per test file (files run in parallel, each with its own emulator), reset before
// each test so scenarios never leak into each other.
import { afterAll, beforeAll, beforeEach } from 'vitest'
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
