// Child of bench/evaluate-large.ts: runs the BUILT CLI (dist/, what users run) in-process for
// `guardrail evaluate`, and prints its wall time and peak RSS as one JSON line.
import { run } from '../dist/cli/run.js'

const [file, outputDir] = process.argv.slice(2)
const started = performance.now()
let stdout = ''
const code = await run(['evaluate', file, '--output-dir', outputDir, '--fail-on', 'none'], {
  cwd: process.cwd(),
  env: process.env,
  stdout: (s) => void (stdout += s),
  stderr: (s) => void process.stderr.write(s),
})
const seconds = (performance.now() - started) / 1000
process.stdout.write(`${JSON.stringify({ code, seconds, maxRssKb: process.resourceUsage().maxRSS, summaryLines: stdout.split('\n').length })}\n`)
