// findings.json → one self-contained HTML file: the report data, the app script and its styles all
// inline; nothing is fetched (no CDN, no fonts), so it opens from disk on an air-gapped laptop.
//
// Data embedding. The report is encoded as columns (payload.ts: each repeated value stored once),
// gzipped and base64-encoded into a non-executable <script type="application/octet-stream"> block that
// the page decodes with the browser's DecompressionStream. Why: 100,000 findings are ~47 MB of JSON
// (~70 MB with pretty-printing); columns + gzip bring that to ~5 MB of base64, well under the 15 MB
// target, and the browser parses a third of the JSON. Base64 also settles escaping for good: its
// alphabet [A-Za-z0-9+/=] cannot contain `</script>`, `<!--`, U+2028 or anything else that could
// end the block or be read as markup, whatever an attacker put in a tag value or an account name.
//
// CSP. The page carries its policy in a <meta>: nothing may load from anywhere (default-src 'none'),
// the one inline script and the one inline style are allowed by their sha256 hashes (no
// 'unsafe-inline', no 'unsafe-eval'), and Trusted Types are required so any innerHTML-style sink
// throws. The app builds all DOM with createElement/textContent (app/ui/dom.ts).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { FindingsReport } from '../schema.js'
import { APP_BUNDLE_FILE, APP_STYLES_FILE, buildReportApp, type ReportApp } from './bundle.js'
import { encodeReport } from './encode.js'
import { DATA_ELEMENT_ID, type CompanionLink } from './payload.js'

const here = dirname(fileURLToPath(import.meta.url))
let cachedApp: ReportApp | null = null

/**
 * The bundled app: prebuilt next to this module in dist (npm run build), else — running from src
 * under tsx or vitest — built once with esbuild and kept in memory.
 */
export function reportApp(): ReportApp {
  if (cachedApp !== null) return cachedApp
  const jsFile = join(here, APP_BUNDLE_FILE)
  const cssFile = join(here, APP_STYLES_FILE)
  const app = existsSync(jsFile) && existsSync(cssFile) ? { js: readFileSync(jsFile, 'utf8'), css: readFileSync(cssFile, 'utf8') } : buildReportApp()
  assertInlineSafe(app)
  cachedApp = app
  return app
}

/** The bundle is inlined verbatim: it must not be able to close its own element. */
function assertInlineSafe(app: ReportApp): void {
  if (/<\/script|<!--/i.test(app.js)) throw new Error('report app bundle contains </script or <!--; it cannot be inlined')
  if (/<\/style/i.test(app.css)) throw new Error('report stylesheet contains </style; it cannot be inlined')
}

/** gzip level 6 (zlib's default): at 100k findings level 9 saves ~3 % for ~3× the time. */
export function encodePayload(report: FindingsReport, links: readonly CompanionLink[] = []): string {
  return gzipSync(JSON.stringify(encodeReport(report, links)), { level: 6 }).toString('base64')
}

/** A CSP source allowing exactly this inline script or style: 'sha256-<base64>'. */
export const cspHashSource = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

export function contentSecurityPolicy(app: ReportApp): string {
  return [
    "default-src 'none'",
    `script-src ${cspHashSource(app.js)}`,
    `style-src ${cspHashSource(app.css)}`,
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ')
}

/** The report page; `links` are the companion pages written beside it in the same run. */
export function renderHtml(report: FindingsReport, links: readonly CompanionLink[] = []): string {
  const app = reportApp()
  const payload = encodePayload(report, links)
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(app)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>guardrail report</title>',
    `<style>${app.css}</style>`,
    '</head>',
    '<body>',
    '<div id="app"><p class="loading">Loading the report…</p></div>',
    '<noscript><p>This report needs JavaScript to display. The same data is in findings.json.</p></noscript>',
    `<script type="application/octet-stream" id="${DATA_ELEMENT_ID}">${payload}</script>`,
    `<script>${app.js}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
