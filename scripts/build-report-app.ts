// `npm run build` step after tsc: bundles the HTML report's browser app into
// dist/report/html/app.bundle.{js,css}, where dist/report/html/render.js reads it at runtime (so a
// dist install needs no esbuild). An optional argument names another output directory.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { APP_BUNDLE_FILE, APP_STYLES_FILE, buildReportApp } from '../src/report/html/bundle.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = process.argv[2] ?? join(root, 'dist', 'report', 'html')
const app = buildReportApp()
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, APP_BUNDLE_FILE), app.js)
writeFileSync(join(outDir, APP_STYLES_FILE), app.css)
process.stdout.write(`report app: ${join(outDir, APP_BUNDLE_FILE)} (${app.js.length} bytes), ${APP_STYLES_FILE} (${app.css.length} bytes)\n`)
