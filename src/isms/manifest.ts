// Evidence integrity for the ISMS report: a manifest of the SHA-256 of every input file (findings,
// snapshot, attestations, SoA, suppressions) and of the report itself, with the tool version and the
// scan time. `guardrail isms verify DIR` recomputes every hash and names each file that changed or
// is missing, so an auditor can tell that the evidence in front of them is what the report was made
// from. Paths are stored relative to the manifest's directory (portable when the folder is handed over
// with its inputs), or absolute when an input lives elsewhere.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { z } from 'zod'
import { InputError } from '../core/errors.js'
import { formatZodIssues } from '../core/zod-format.js'

export const MANIFEST_FILE = 'isms-manifest.json'

export const manifestSchema = z.strictObject({
  manifestVersion: z.literal(1),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  scanAsOf: z.string().describe('The findings report as-of'),
  files: z.array(
    z.strictObject({
      role: z.string().describe('findings, snapshot, attestations, soa, suppressions, report'),
      path: z.string().describe('Relative to the manifest, or absolute'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().nonnegative(),
    }),
  ),
})
export type Manifest = z.infer<typeof manifestSchema>

/** SHA-256 of a file, read in 1 MiB chunks (a findings.json can be hundreds of MB). */
export function sha256File(file: string): { sha256: string; bytes: number } {
  const hash = createHash('sha256')
  const fd = openSync(file, 'r')
  const chunk = Buffer.allocUnsafe(1 << 20)
  let bytes = 0
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) break
      hash.update(chunk.subarray(0, n))
      bytes += n
    }
  } finally {
    closeSync(fd)
  }
  return { sha256: hash.digest('hex'), bytes }
}

function shownPath(file: string, manifestDir: string): string {
  const rel = relative(manifestDir, file)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(file)
}

export type ManifestEntry = Manifest['files'][number]

/** Hashes files for the manifest, paths shown relative to the manifest's directory where they can be. */
export function manifestEntries(manifestDir: string, files: readonly { role: string; file: string }[]): ManifestEntry[] {
  return files.map(({ role, file }) => ({ role, path: shownPath(file, manifestDir), ...sha256File(file) }))
}

export function buildManifest(entries: readonly ManifestEntry[], meta: Pick<Manifest, 'tool' | 'scanAsOf'>): Manifest {
  return { manifestVersion: 1, tool: meta.tool, scanAsOf: meta.scanAsOf, files: [...entries] }
}

export interface VerifyResult {
  unchanged: string[]
  changed: { path: string; role: string; expected: string; actual: string }[]
  missing: { path: string; role: string }[]
}

export function verifyManifest(dir: string): VerifyResult {
  const file = join(dir, MANIFEST_FILE)
  if (!existsSync(file)) throw new InputError('NoManifest', `${dir} holds no ${MANIFEST_FILE}.`, 'Give the directory `guardrail isms` wrote its report to.')
  let manifest: Manifest
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (!parsed.success) throw new InputError('InvalidManifest', `${file} is not a valid manifest:\n${formatZodIssues(parsed.error)}`, 'The manifest itself was changed: regenerate the report, or compare it with the copy the auditor received.')
    manifest = parsed.data
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError('InvalidManifest', `${file} is not valid JSON: ${(err as Error).message.slice(0, 200)}`, 'The manifest itself was changed: regenerate the report.')
  }
  const result: VerifyResult = { unchanged: [], changed: [], missing: [] }
  for (const entry of manifest.files) {
    const path = isAbsolute(entry.path) ? entry.path : join(dirname(file), entry.path)
    if (!existsSync(path)) {
      result.missing.push({ path: entry.path, role: entry.role })
      continue
    }
    const actual = sha256File(path).sha256
    if (actual === entry.sha256) result.unchanged.push(entry.path)
    else result.changed.push({ path: entry.path, role: entry.role, expected: entry.sha256, actual })
  }
  return result
}
