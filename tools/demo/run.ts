// The demo, end to end: start the AWS emulator, seed the demo organization, run `guardrail scan`
// against it as the management account, and always stop the emulator (also on failure or Ctrl-C:
// the emulator exits when this process's pipe to it closes).
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../emulator.js'
import { seedDemoOrganization } from './seed.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

// Lets the demo attach AWS-managed policies such as AdministratorAccess, as real accounts do.
process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true'
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

/**
 * The emulator cannot backdate keys or passwords, so the demo evaluates as of 100 days from today:
 * everything it just created then counts as 100 days old and unused, which the age checks report.
 */
function demoAsOf(): string {
  return new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10)
}

/** Only dummy credentials reach the scan: never the user's real AWS environment. */
function emulatorEnv(endpoint: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')))
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  }
}

async function main(): Promise<number> {
  const emulator = await startEmulator()
  const stop = () => void emulator.stop()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    console.log(`demo: AWS emulator (moto) on ${emulator.endpoint}`)
    const org = await seedDemoOrganization(emulator.endpoint)
    console.log(`demo: seeded organization ${org.organizationId}: management account ${org.managementAccountId}, OUs ${Object.keys(org.ous).join(', ')}`)
    for (const a of org.accounts) console.log(`demo:   member ${a.id} ${JSON.stringify(a.name)} in ${a.ou} (${org.users[a.id]?.length ?? 0} IAM users)`)
    const asOf = demoAsOf()
    console.log(`demo: scanning the management account as of ${asOf} (100 days ahead, so the seeded keys count as old)\n`)

    const args = [join(root, 'bin', 'guardrail.js'), 'scan', '--regions', 'us-east-1', '--as-of', asOf, '--output-dir', join(root, 'guardrail-report')]
    // ── organization scan (issue 3): add '--org' here to scan every member account too ──
    const scan = spawnSync(process.execPath, args, { stdio: 'inherit', env: emulatorEnv(emulator.endpoint), cwd: root })
    const code = scan.status ?? 70
    if (code === 1) {
      console.log('\ndemo: guardrail exited 1 — failing findings at or above --fail-on (default high), as the demo organization intends.')
      return 0
    }
    if (code === 0) return 0
    console.error(`\ndemo: guardrail exited ${code}`)
    return code
  } finally {
    await emulator.stop()
    console.log('demo: emulator stopped')
  }
}

process.exitCode = await main()
