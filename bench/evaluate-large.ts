// `guardrail evaluate` at organization scale: writes a synthetic snapshot of N accounts (streamed,
// bench/make-large-snapshot.ts), then evaluates it with the real CLI code in a child process and
// prints the file size, wall time and the child's peak RSS. Target: 10,000 accounts under 400 MB.
//
//   npm run bench -- --evaluate-accounts 10000      (part of the default benchmark)
//   node --import tsx bench/evaluate-large.ts --accounts 10000 --users 20 --regions 2
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeLargeSnapshotFile } from './make-large-snapshot.js'

export interface EvaluateBenchResult {
  accounts: number
  fileMiB: number
  generateSeconds: number
  evaluateSeconds: number
  maxRssMiB: number
  exitCode: number
}

const here = new URL('.', import.meta.url).pathname

function evaluateInChild(file: string, outputDir: string): Promise<{ code: number; seconds: number; maxRssKb: number }> {
  return new Promise((resolve, reject) => {
    // The built CLI (npm run build; scripts/bench.sh runs setup first), not tsx: the numbers are the
    // shipped program's.
    const child = spawn(process.execPath, [join(here, 'evaluate-child.mjs'), file, outputDir], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`evaluate child exited with ${code}`))))
  })
}

export async function benchEvaluate(accounts: number, users = 20, regions = 2): Promise<EvaluateBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'guardrail-bench-evaluate-'))
  try {
    const file = join(dir, 'snapshot.json')
    const t0 = performance.now()
    await writeLargeSnapshotFile(file, { accounts, users, regions, seed: 1, layout: 'assemble' })
    const generateSeconds = (performance.now() - t0) / 1000
    const child = await evaluateInChild(file, join(dir, 'out'))
    return { accounts, fileMiB: statSync(file).size / 2 ** 20, generateSeconds, evaluateSeconds: child.seconds, maxRssMiB: child.maxRssKb / 1024, exitCode: child.code }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function formatEvaluateBench(r: EvaluateBenchResult): string {
  const verdict = r.maxRssMiB < 400 ? 'under 400 MB: met' : 'OVER the 400 MB target'
  return `evaluate of ${r.accounts} accounts (${r.fileMiB.toFixed(0)} MiB snapshot, generated in ${r.generateSeconds.toFixed(1)} s): ${r.evaluateSeconds.toFixed(1)} s, peak RSS ${r.maxRssMiB.toFixed(0)} MiB (${verdict}), exit ${r.exitCode}`
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`)
    return i >= 0 ? Number(process.argv[i + 1]) : fallback
  }
  console.log(formatEvaluateBench(await benchEvaluate(arg('accounts', 10_000), arg('users', 20), arg('regions', 2))))
}
