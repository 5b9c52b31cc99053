// A full disk during `scan --org` is the operator's problem to fix, not a bug: exit 2 with the file
// named and a hint, never exit 70. The disk is real: the built CLI runs in a private mount namespace
// (unshare -m, we are root in CI) whose work and output directories sit on a tiny tmpfs, so the
// kernel itself answers ENOSPC mid-scan. Skipped, and says so, where mount namespaces are unavailable.
import { execFileSync } from 'node:child_process'
import { beforeAll, describe, expect, it } from 'vitest'
import { seedSyntheticOrganization } from '../../tools/seed-synthetic-org.js'
import { useEmulator } from '../support/emulator.js'
import { BUILT_CLI, cleanEnv, ensureBuilt, spawnProcess } from './built-cli.js'
import { tempDir } from './helpers.js'

const emulator = useEmulator()

function canUnshare(): boolean {
  try {
    execFileSync('unshare', ['-m', 'true'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const unshareAvailable = canUnshare()

beforeAll(() => ensureBuilt(), 120_000)

function scanOnTinyDisk(mountPoint: string, sizeKb: number, env: NodeJS.ProcessEnv) {
  const script = `mount -t tmpfs -o size=${sizeKb}k tmpfs "${mountPoint}" && exec "${process.execPath}" "${BUILT_CLI}" scan --org --regions us-east-1 --as-of 2026-06-01 --fail-on none --work-dir "${mountPoint}/work" --output-dir "${mountPoint}/out"`
  return spawnProcess('unshare', ['-m', 'sh', '-c', script], { env, cwd: tempDir() })
}

describe.skipIf(!unshareAvailable)('a full disk during scan --org (real ENOSPC from a tmpfs in a mount namespace)', { timeout: 180_000 }, () => {
  it('exits 2 naming the file it could not write and saying the disk is full, with no stack trace', async () => {
    await seedSyntheticOrganization({ endpoint: emulator.endpoint, accounts: 3, usersPerAccount: 40, regions: ['us-east-1'] })
    const env = cleanEnv({ AWS_ENDPOINT_URL: emulator.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' })
    const mountPoint = tempDir()
    // Room for the manifest and the organization view, not for every account's results.
    const r = await scanOnTinyDisk(mountPoint, 48, env)
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`error: Cannot write ${mountPoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+: no space left on the device \\(ENOSPC\\)`))
    expect(r.stderr).toMatch(/hint: The disk is full/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
