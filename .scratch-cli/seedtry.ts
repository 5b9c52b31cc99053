process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true'
import { startEmulator } from '../tools/emulator.js'
import { seedDemoOrganization } from '../tools/demo/seed.js'
const emu = await startEmulator()
try {
  const t = Date.now()
  const org = await seedDemoOrganization(emu.endpoint)
  console.log(JSON.stringify(org), Date.now() - t, 'ms')
} finally { await emu.stop() }
