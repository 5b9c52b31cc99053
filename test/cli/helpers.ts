// In-process CLI runs: run(argv, io) with captured output and a private working directory.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify as toYaml } from 'yaml'
import { ALL_CHECKS } from '../../src/checks/index.js'
import type { CliDeps } from '../../src/cli/collector.js'
import { run } from '../../src/cli/run.js'
import type { Snapshot } from '../../src/snapshot/schema.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function tempDir(prefix = 'guardrail-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export async function runCli(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; deps?: CliDeps }): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await run(
    argv,
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: options.cwd, env: options.env ?? {} },
    options.deps ?? {},
  )
  return { code, stdout, stderr }
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(value, null, 2))
  return file
}

/**
 * A config that disables every check but `keep`, so exit-code tests depend only on checks they
 * control, not on whatever other checks the registry grows.
 */
export function onlyChecksConfig(dir: string, keep: string[], extra: Record<string, unknown> = {}): string {
  const checks = Object.fromEntries(ALL_CHECKS.filter((c) => !keep.includes(c.id)).map((c) => [c.id, { enabled: false }]))
  const file = join(dir, 'only.config.yaml')
  writeFileSync(file, toYaml({ ...extra, checks }))
  return file
}

export type { Snapshot }
