// SSM Automation for tests that apply plans: the fault proxy in front of the emulator with a fresh
// Automation double (tools/automation-double.ts) per test, and the environment of a user's shell
// pointed at the proxy. Call once at the top of a test file, after useEmulator().
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { automationDouble, type AutomationDouble, type Fleet } from '../../tools/automation-double.js'
import { emulatorEnv } from '../../tools/emulator.js'
import { startFaultProxy, type FaultProxy } from '../../tools/fault-proxy.js'

export function useAutomationDouble(emulator: { readonly endpoint: string }, fleet?: () => Fleet): { readonly proxy: FaultProxy; readonly double: AutomationDouble } {
  const saved = { ...process.env }
  let proxy: FaultProxy | undefined
  let double: AutomationDouble | undefined
  beforeAll(async () => {
    proxy = await startFaultProxy({ target: emulator.endpoint, script: (info, body) => double!.script(info, body) })
  })
  afterAll(async () => {
    await proxy?.stop()
    process.env = saved
  })
  beforeEach(() => {
    double = automationDouble({ emulator: emulator.endpoint, ...(fleet ? { fleet: fleet() } : {}) })
    proxy!.setRules([])
    Object.assign(process.env, emulatorEnv(proxy!.endpoint))
    delete process.env.AWS_PROFILE
  })
  return {
    get proxy() {
      return proxy!
    },
    get double() {
      return double!
    },
  }
}
