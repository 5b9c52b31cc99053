// The control reports a run writes (ISO/IEC 27001:2022 Annex A, and on request CIS AWS v3.0.0 and the
// account-setup checklist), in two steps so `guardrail isms` and `scan/evaluate/merge --isms` share one
// path:
//   prepareIsms — reads and validates every input (frameworks, attestations, SoA, previous report,
//                 snapshot, a Chromium for PDF) before anything is written or any AWS call is made;
//   writeIsms   — builds each framework's report from the findings, writes JSON / HTML / PDF, then the
//                 one evidence manifest over all inputs and outputs.
import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { writeFileAtomic } from '../core/atomic-write.js'
import { InputError } from '../core/errors.js'
import { closeMatches } from '../core/suggest.js'
import type { FindingsReport } from '../report/schema.js'
import type { Framework } from '../rules/schema.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { buildIsmsReport } from './build.js'
import { compareIsms, loadIsmsReport } from './compare.js'
import { renderIsmsHtml } from './html.js'
import type { Attestation, Exclusion } from './inputs-schema.js'
import { loadAttestations, loadSoa } from './inputs.js'
import { buildManifest, manifestEntries, MANIFEST_FILE } from './manifest.js'
import type { IsmsReport } from './schema.js'

export const ISMS_FORMATS = ['json', 'html', 'pdf'] as const
export type IsmsFormat = (typeof ISMS_FORMATS)[number]
export const DEFAULT_ISMS_FRAMEWORK = 'iso27001-2022'
/** The frameworks with a control view; `all` selects every one. */
export const CONTROL_VIEW_FRAMEWORKS = ['iso27001-2022', 'cis-aws-3.0', 'account-setup'] as const

/** isms.json / isms.html for the ISO report (the ISMS report proper); isms-<framework>.* for the others. */
export function ismsFileBase(frameworkId: string): string {
  return frameworkId === DEFAULT_ISMS_FRAMEWORK ? 'isms' : `isms-${frameworkId}`
}

export interface IsmsRequest {
  /** Comma-separated framework ids, or `all`; default iso27001-2022. */
  frameworks?: string
  formats: readonly IsmsFormat[]
  attestations?: string
  soa?: string
  baseline?: string
  snapshot?: string
  /** The flag that named the frameworks, for messages (`--framework` on isms, `--isms` on scan). */
  frameworksFlag: string
}

export interface PreparedIsms {
  frameworks: Framework[]
  formats: readonly IsmsFormat[]
  attestations: Attestation[]
  exclusions: Exclusion[]
  previous?: { report: IsmsReport; file: string }
  /** The input files besides findings (and suppressions, which the findings name), for the manifest. */
  inputs: { role: string; file: string }[]
}

/** The frameworks with a control view, in CONTROL_VIEW_FRAMEWORKS order (the ISO report first). */
function controlViews(known: readonly Framework[]): Framework[] {
  return CONTROL_VIEW_FRAMEWORKS.flatMap((id) => known.filter((f) => f.id === id))
}

function selectFrameworks(spec: string | undefined, known: readonly Framework[], flag: string): Framework[] {
  const views = controlViews(known)
  if (spec === undefined || spec.trim() === '') return views.filter((f) => f.id === DEFAULT_ISMS_FRAMEWORK)
  if (spec.trim() === 'all') return views
  const ids = [...new Set(spec.split(',').map((s) => s.trim()).filter((s) => s !== ''))]
  return ids.map((id) => {
    const framework = views.find((f) => f.id === id)
    if (framework) return framework
    const near = closeMatches(id, views.map((f) => f.id))
    throw new InputError('UnknownFramework', `${flag}: "${id}" has no control report.`, `${near.length > 0 ? `Did you mean: ${near.join(', ')}? ` : ''}Control reports: ${views.map((f) => f.id).join(', ')}, or all.`)
  })
}

export function prepareIsms(request: IsmsRequest, known: readonly Framework[], cwd: string): PreparedIsms {
  const frameworks = selectFrameworks(request.frameworks, known, request.frameworksFlag)
  // Attestations and exclusions are checked against every framework guardrail knows, so one file can
  // serve all reports; only those of the selected frameworks are used.
  const views = controlViews(known)
  const attestationsFile = request.attestations !== undefined ? resolve(cwd, request.attestations) : undefined
  const soaFile = request.soa !== undefined ? resolve(cwd, request.soa) : undefined
  const attestations = attestationsFile !== undefined ? loadAttestations(attestationsFile, views) : []
  const exclusions = soaFile !== undefined ? loadSoa(soaFile, views) : []
  let previous: PreparedIsms['previous']
  if (request.baseline !== undefined) {
    const file = resolve(cwd, request.baseline)
    const report = loadIsmsReport(file)
    if (!frameworks.some((f) => f.id === report.framework.id)) {
      throw new InputError('InvalidIsmsReport', `--baseline ${request.baseline} is a ${report.framework.id} report, and no ${report.framework.id} report is being written.`, `Add ${report.framework.id} to ${request.frameworksFlag}, or give the previous report of a framework being written.`)
    }
    previous = { report, file: request.baseline }
  }
  const snapshotFile = request.snapshot !== undefined ? resolve(cwd, request.snapshot) : undefined
  if (snapshotFile !== undefined && !existsSync(snapshotFile)) throw new InputError('FileUnreadable', `Cannot read snapshot file ${snapshotFile}.`, 'Give the snapshot the findings were evaluated from, or leave --snapshot out.')
  const inputs = [
    ...(snapshotFile !== undefined ? [{ role: 'snapshot', file: snapshotFile }] : []),
    ...(attestationsFile !== undefined ? [{ role: 'attestations', file: attestationsFile }] : []),
    ...(soaFile !== undefined ? [{ role: 'soa', file: soaFile }] : []),
    ...(request.baseline !== undefined ? [{ role: 'baseline', file: resolve(cwd, request.baseline) }] : []),
  ]
  return { frameworks, formats: request.formats, attestations, exclusions, ...(previous ? { previous } : {}), inputs }
}

export interface WrittenIsms {
  reports: { report: IsmsReport; files: string[] }[]
  manifest: string
}

/** The suppressions file the findings were muted with, when it is still where the report says. */
function suppressionsInput(findings: FindingsReport, cwd: string): { role: string; file: string }[] {
  const named = findings.suppressions?.file
  if (named === undefined) return []
  const file = resolve(cwd, named)
  return existsSync(file) ? [{ role: 'suppressions', file }] : []
}

/** report.html beside the findings, as an href relative to the ISMS folder; undefined when there is none. */
export function explorerHref(findingsFile: string, outputDir: string): string | undefined {
  const html = join(dirname(findingsFile), 'report.html')
  if (!existsSync(html)) return undefined
  return relative(outputDir, html).split(sep).map(encodeURIComponent).join('/')
}

export async function writeIsms(prepared: PreparedIsms, findings: FindingsReport, findingsFile: string, outputDir: string, cwd: string): Promise<WrittenIsms> {
  // Everything is built and checked before the first file is written.
  for (const f of prepared.frameworks) {
    if (!findings.frameworks.some((r) => r.id === f.id && r.controls)) {
      throw new InputError('InvalidReport', `${findingsFile} carries no ${f.id} controls (it was written by an older guardrail, or before this framework was added).`, 'Evaluate the snapshot again with this version: guardrail evaluate snapshot.json.')
    }
  }
  const reports = prepared.frameworks.map((framework) => {
    const built = buildIsmsReport({ findings, framework, attestations: prepared.attestations, exclusions: prepared.exclusions })
    const previous = prepared.previous?.report.framework.id === framework.id ? prepared.previous : undefined
    return previous ? compareIsms(built, previous.report, previous.file) : built
  })
  const inputs = [{ role: 'findings', file: findingsFile }, ...prepared.inputs, ...suppressionsInput(findings, cwd)]
  const inputEntries = manifestEntries(outputDir, inputs)
  const explorer = explorerHref(findingsFile, outputDir)
  const written: WrittenIsms['reports'] = []
  for (const report of reports) {
    const base = join(outputDir, ismsFileBase(report.framework.id))
    const files: string[] = []
    if (prepared.formats.includes('json')) {
      writeFileAtomic(`${base}.json`, JSON.stringify(report, null, 2) + '\n')
      files.push(`${base}.json`)
    }
    if (prepared.formats.includes('html') || prepared.formats.includes('pdf')) {
      const html = renderIsmsHtml({ isms: report, inputs: inputEntries, ...(explorer !== undefined ? { explorer } : {}) })
      if (prepared.formats.includes('html')) {
        writeFileAtomic(`${base}.html`, html)
        files.push(`${base}.html`)
      }
      if (prepared.formats.includes('pdf')) {
        await (await import('../report/pdf.js')).renderPdf(html, `${base}.pdf`, { page: 'static', footerLabel: `${report.framework.name}: control report, as of ${report.source.asOf}` })
        files.push(`${base}.pdf`)
      }
    }
    written.push({ report, files })
  }
  const outputs = manifestEntries(
    outputDir,
    written.flatMap((w) => w.files.map((file) => ({ role: 'report', file }))),
  )
  const manifest = buildManifest([...inputEntries, ...outputs], { tool: { name: TOOL_NAME, version: TOOL_VERSION }, scanAsOf: findings.run.asOf })
  const manifestFile = join(outputDir, MANIFEST_FILE)
  writeFileAtomic(manifestFile, JSON.stringify(manifest, null, 2) + '\n')
  return { reports: written, manifest: manifestFile }
}

/** The lines `isms` and `scan --isms` print about what they wrote. */
export function describeIsms(written: WrittenIsms, verifyDir: string): string {
  const lines: string[] = []
  for (const { report, files } of written.reports) {
    const s = report.summary.byStatus
    lines.push(
      `${report.framework.name}: ${report.summary.controls} controls, ${report.summary.automated} with automated evidence`,
      `  satisfied ${s.satisfied} · failing ${s.failing} · partial ${s.partial} · attested ${s.attested} · attestation expired ${s['attestation-expired']} · no evidence yet ${s['no-evidence']} · excluded ${s.excluded}`,
    )
    if (report.baseline) {
      lines.push(`  since ${report.baseline.file}: ${report.baseline.changed.length} control(s) changed status`, ...report.baseline.changed.map((c) => `    ${c.id} ${c.title}: ${c.from} → ${c.to}`))
    }
    for (const c of report.controls.filter((x) => x.excludedWithFailures)) lines.push(`  warning: ${c.id} is excluded in the SoA but ${c.evidence.fail} finding(s) of its checks fail`)
    lines.push(`  written: ${files.join(', ')}`)
  }
  lines.push(`Evidence manifest: ${written.manifest} (check it with: guardrail isms verify ${verifyDir})`)
  return `${lines.join('\n')}\n`
}
