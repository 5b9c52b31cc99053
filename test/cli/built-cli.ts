// Spawns the real, built CLI (bin/guardrail.js → dist/) for the tests that must see a real process:
// exit codes, stdout/stderr separation, the environment. Rebuilds first when src/ is newer than dist/.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const built = join(root, 'dist', 'cli', 'main.js')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

export function ensureBuilt(): void {
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(root, 'src'))) return
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' })
}

export interface SpawnResult {
  code: number | null
  stdout: string
  stderr: string
}

export const BUILT_CLI = join(root, 'bin', 'guardrail.js')

export function spawnCli(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<SpawnResult> {
  return spawnProcess(process.execPath, [BUILT_CLI, ...args], options)
}

/** Any command, its exit code and both streams collected. */
export function spawnProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** An environment with no AWS settings of the developer's leaking in. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')))
  return { ...base, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true', ...extra }
}
