// The control reports at scale: building each framework's report from a 100k-finding findings report,
// and rendering its HTML page (which lists at most FAILING_SHOWN failing resources per control, so its
// size stays bounded while the JSON lists them all).
//
//   npx tsx bench/isms-report.ts [--findings 100000]
import { buildIsmsReport } from '../src/isms/build.js'
import { renderIsmsHtml } from '../src/isms/html.js'
import { CONTROL_VIEW_FRAMEWORKS } from '../src/isms/outputs.js'
import { loadFrameworks } from '../src/rules/load.js'
import { syntheticReport } from '../test/support/synthetic-report.js'

const i = process.argv.indexOf('--findings')
const findings = Number(i >= 0 ? process.argv[i + 1] : 100_000)
const ms = (from: number) => `${(performance.now() - from).toFixed(0)} ms`
const mb = (chars: number) => `${(chars / 1e6).toFixed(2)} MB`

const report = syntheticReport({ findings, hostile: true, mutedShare: 0.05 })
const frameworks = loadFrameworks()
console.log(`control reports at ${findings.toLocaleString('en')} findings (synthetic, hostile strings)`)
for (const id of CONTROL_VIEW_FRAMEWORKS) {
  const framework = frameworks.find((f) => f.id === id)!
  let t = performance.now()
  const isms = buildIsmsReport({ findings: report, framework, attestations: [], exclusions: [] })
  const built = ms(t)
  const json = JSON.stringify(isms, null, 2)
  t = performance.now()
  const html = renderIsmsHtml({ isms, inputs: [{ role: 'findings', path: 'findings.json', sha256: '0'.repeat(64), bytes: 0 }], explorer: 'report.html' })
  console.log(`  ${id.padEnd(14)} ${String(isms.controls.length).padStart(3)} controls  build ${built.padStart(7)}  html ${ms(t).padStart(6)}  html ${mb(html.length)}  json ${mb(json.length)}`)
}
const heap = process.memoryUsage().heapUsed
console.log(`  heap after all three: ${(heap / 2 ** 20).toFixed(0)} MiB`)
