// Starts the AWS emulator (moto server, pinned in requirements-dev.txt, installed into .venv by
// scripts/setup.sh) on a free loopback port. Used by the tests, the demo and the benchmark.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const VENV_PYTHON = join(root, '.venv', 'bin', 'python')

export interface Emulator {
  endpoint: string
  port: number
  /** Wipe all emulator state (POST /moto-api/reset). */
  reset(): Promise<void>
  stop(): Promise<void>
}

function withoutMotoAccount(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { MOTO_ACCOUNT_ID: _ignored, ...rest } = env
  return rest
}

export interface EmulatorOptions {
  port?: number
  timeoutMs?: number
  /**
   * Load AWS-managed policies (AdministratorAccess, AWSSupportAccess, …) into every account, as real
   * accounts have them. Off by default: moto then spends over a second setting up each new account,
   * which multi-account tests do not need.
   */
  awsManagedPolicies?: boolean
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (!existsSync(VENV_PYTHON)) {
    throw new Error(`The AWS emulator is not installed (${VENV_PYTHON} missing). Run: bash scripts/setup.sh`)
  }
  const child: ChildProcess = spawn(VENV_PYTHON, [join(root, 'tools', 'moto_harness.py'), String(options.port ?? 0)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // MOTO_ACCOUNT_ID stays unset (see DESIGN.md).
    env: { ...withoutMotoAccount(process.env), MOTO_IAM_LOAD_MANAGED_POLICIES: options.awsManagedPolicies ? 'true' : 'false' },
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`moto did not start within ${options.timeoutMs ?? 30000} ms:\n${stderr}`)), options.timeoutMs ?? 30_000)
    let buf = ''
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString()
      const m = /READY (\d+)/.exec(buf)
      if (m) {
        clearTimeout(timer)
        resolvePort(Number(m[1]))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`moto exited with code ${code}:\n${stderr}`))
    })
  })
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    port,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`)
    },
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      child.stdin!.end()
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * Environment that points the AWS SDK at the emulator with dummy credentials, and away from the
 * user's own AWS configuration (profiles, instance metadata), so nothing real is ever touched.
 */
export function emulatorEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  }
}
