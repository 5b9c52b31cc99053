// Child of bench/evaluate-large.ts: runs `guardrail evaluate` in-process (the real CLI code path)
// and prints its wall time and peak RSS as one JSON line, so the parent measures only the evaluation.
import { run } from '../src/cli/run.js'

const [file, outputDir] = process.argv.slice(2)
const started = performance.now()
let stdout = ''
const code = await run(['evaluate', file!, '--output-dir', outputDir!, '--fail-on', 'none'], {
  cwd: process.cwd(),
  env: process.env,
  stdout: (s: string) => void (stdout += s),
  stderr: (s: string) => void process.stderr.write(s),
})
const seconds = (performance.now() - started) / 1000
process.stdout.write(`${JSON.stringify({ code, seconds, maxRssKb: process.resourceUsage().maxRSS, summaryLines: stdout.split('\n').length })}\n`)
