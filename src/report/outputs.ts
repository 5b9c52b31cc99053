// The output formats, one table: the name a user types in --format, the file it writes, and how it
// is rendered from a findings report. Every rendering reads only the report (findings.json), so
// `guardrail report` can write any of them later without AWS access. Renderers with heavy
// dependencies (the HTML app bundle, Chromium for PDF) are imported only when asked for.
import type { FindingsReport } from './schema.js'
import type { CompanionLink } from './html/payload.js'

export const FORMATS = ['json', 'html', 'csv', 'junit', 'ocsf', 'asff', 'pdf'] as const
export type Format = (typeof FORMATS)[number]

export interface RenderOptions {
  /** ASFF: the region findings without one ('global') are imported into. */
  asffRegion?: string | undefined
  /** HTML: pages written beside the report in the same run, linked from its masthead. */
  links?: readonly CompanionLink[]
}

interface OutputFormat {
  file: string
  description: string
  /** Writes the rendering to `path` (atomically). */
  write(report: FindingsReport, path: string, options: RenderOptions): Promise<void>
}

async function writeText(path: string, text: string): Promise<void> {
  const { writeFileAtomic } = await import('../core/atomic-write.js')
  writeFileAtomic(path, text)
}

/**
 * For the large exports: records streamed to the file in ~1 MiB writes, never one string (OCSF of
 * 100k findings is ~300 MB, past what V8 can hold as a single string at a few hundred thousand).
 */
async function writeRecords(path: string, records: Iterable<string>): Promise<void> {
  const { writeStreamAtomic } = await import('../core/atomic-write.js')
  const { joinedChunks } = await import('./formats/chunks.js')
  await writeStreamAtomic(path, async (write) => {
    for (const chunk of joinedChunks(records)) await write(chunk)
  })
}

export const OUTPUT_FORMATS: Record<Format, OutputFormat> = {
  json: {
    file: 'findings.json',
    description: 'the contract: every finding, coverage and counts (schema/findings.schema.json)',
    write: async (report, path) => writeText(path, (await import('./build.js')).renderReportJson(report)),
  },
  html: {
    file: 'report.html',
    description: 'one self-contained page: overview charts and a findings explorer (opens offline)',
    write: async (report, path, options) => writeText(path, (await import('./html/render.js')).renderHtml(report, options.links)),
  },
  csv: {
    file: 'findings.csv',
    description: 'one row per finding for spreadsheets (formula injection neutralised)',
    write: async (report, path) => writeRecords(path, (await import('./formats/csv.js')).csvRecords(report)),
  },
  junit: {
    file: 'junit.xml',
    description: 'JUnit XML: one test case per check × account × region, for CI test reports',
    write: async (report, path) => writeText(path, (await import('./formats/junit.js')).renderJunit(report)),
  },
  ocsf: {
    file: 'findings.ocsf.jsonl',
    description: 'OCSF Compliance Finding (class 2003), one JSON object per line',
    write: async (report, path) => writeRecords(path, (await import('./formats/ocsf.js')).ocsfLines(report)),
  },
  asff: {
    file: 'findings.asff.json',
    description: 'AWS Security Finding Format for Security Hub BatchImportFindings',
    write: async (report, path, options) => writeRecords(path, (await import('./formats/asff.js')).asffParts(report, { ...(options.asffRegion !== undefined ? { region: options.asffRegion } : {}) })),
  },
  pdf: {
    file: 'report.pdf',
    description: "the HTML report printed to PDF by a local Chromium (overview, then failing findings by check)",
    write: async (report, path) => {
      const html = (await import('./html/render.js')).renderHtml(report)
      await (await import('./pdf.js')).renderPdf(html, path)
    },
  },
}
