// Builds the report's browser app (app/main.ts + app/styles.css) into two strings with esbuild.
// esbuild is a devDependency: `npm run build` calls this (scripts/build-report-app.ts) and ships the
// output next to render.js; only a run from source (tests, tsx) builds on demand. So esbuild is
// loaded lazily, inside the function, and a dist install never needs it.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as Esbuild from 'esbuild'

export interface ReportApp {
  js: string
  css: string
}

export const APP_BUNDLE_FILE = 'app.bundle.js'
export const APP_STYLES_FILE = 'app.bundle.css'

const here = dirname(fileURLToPath(import.meta.url))
/** The app sources; bundle.ts sits next to app/ in src/. */
export const APP_DIR = join(here, 'app')

/** Chromium ≥ 120 (DecompressionStream, CSS nesting-free output); the page targets evergreen browsers. */
const TARGET = ['chrome120', 'firefox120', 'safari17']

function loadEsbuild(): typeof Esbuild {
  const require = createRequire(import.meta.url)
  return require('esbuild') as typeof Esbuild
}

function single(result: Esbuild.BuildResult, what: string): string {
  const files = result.outputFiles ?? []
  if (files.length !== 1) throw new Error(`bundling ${what}: expected one output file, got ${files.length}`)
  return files[0]!.text
}

/** Synchronous so renderHtml can stay synchronous on its fallback path. */
export function buildReportApp(options: { appDir?: string } = {}): ReportApp {
  const esbuild = loadEsbuild()
  const appDir = options.appDir ?? APP_DIR
  const common = { bundle: true, write: false, minify: true, legalComments: 'none', target: TARGET, logLevel: 'silent' } as const
  const js = single(esbuild.buildSync({ ...common, entryPoints: [join(appDir, 'main.ts')], format: 'iife', platform: 'browser', tsconfig: join(appDir, 'tsconfig.json') }), 'the report app')
  const css = single(esbuild.buildSync({ ...common, entryPoints: [join(appDir, 'styles.css')] }), 'the report styles')
  return { js, css }
}
