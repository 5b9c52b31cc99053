// guardrail isms <findings.json>: the pre-audit ISMS report (issue 9, in progress: isms.json now; the
// HTML rendering, the evidence manifest with `isms verify`, and the CIS / account-setup views follow).
// Offline: everything comes from the findings file and the ISMS owner's attestations and SoA.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { assertDirectoryUsable, writeFileAtomic } from '../../core/atomic-write.js'
import { EXIT, InputError } from '../../core/errors.js'
import { buildManifest, MANIFEST_FILE, verifyManifest } from '../../isms/manifest.js'
import type { FindingsReport } from '../../report/schema.js'
import { TOOL_NAME, TOOL_VERSION } from '../../version.js'
import { buildIsmsReport } from '../../isms/build.js'
import { loadAttestations, loadSoa } from '../../isms/inputs.js'
import { compareIsms, loadIsmsReport } from '../../isms/compare.js'
import { loadFindingsFile } from '../../refine/baseline.js'
import { loadFrameworks } from '../../rules/load.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { nonEmptyFlag, parseFlags } from '../options.js'

export const ISMS_FILE = 'isms.json'
const FRAMEWORK = 'iso27001-2022'

const ismsFlagsSchema = z.object({
  attestations: nonEmptyFlag.optional(),
  soa: nonEmptyFlag.optional(),
  snapshot: nonEmptyFlag.optional(),
  baseline: nonEmptyFlag.optional(),
  outputDir: nonEmptyFlag.optional(),
  quiet: z.boolean().default(false),
})

export function ismsCommand({ io, setExitCode }: CommandContext): Command {
  const command = new Command('isms')
    .description('the ISO/IEC 27001:2022 Annex A report: every control with its evidence, attestations and SoA exclusions (writes isms.json)')
    .argument('<findings.json>', 'a findings file written by scan, evaluate or merge')
    .option('--attestations <file>', 'YAML attestations for controls no API can evidence (see examples/attestations.yaml)')
    .option('--soa <file>', 'YAML Statement of Applicability exclusions (see examples/soa.yaml)')
    .option('--baseline <isms.json>', 'a previous isms.json: mark which controls changed status')
    .option('--snapshot <file>', 'the snapshot the findings were evaluated from: its hash goes into the evidence manifest')
    .option('--output-dir <dir>', 'where isms.json goes (default: the directory of the findings file)')
    .option('--quiet', 'print nothing but errors')
  withExamples(command, [
    { what: 'the control-by-control view of last night\'s scan, with the ISMS owner\'s files', run: 'guardrail isms guardrail-report/findings.json --attestations isms/attestations.yaml --soa isms/soa.yaml' },
    { what: 'automated evidence only, to see what is left to attest', run: 'guardrail isms findings.json --output-dir isms-draft' },
  ])
  command.action((findingsArg: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(ismsFlagsSchema, raw)
    const framework = loadFrameworks().find((f) => f.id === FRAMEWORK)
    if (!framework) throw new InputError('UnknownFramework', `rules/frameworks has no ${FRAMEWORK} mapping.`, 'Restore rules/frameworks/iso27001-2022.yaml.')
    // Every input is read and validated before anything is written.
    const attestations = flags.attestations !== undefined ? loadAttestations(resolve(io.cwd, flags.attestations), framework) : []
    const exclusions = flags.soa !== undefined ? loadSoa(resolve(io.cwd, flags.soa), framework) : []
    const findings = loadFindingsFile(resolve(io.cwd, findingsArg), 'findings report')
    if (!findings.frameworks.some((f) => f.id === FRAMEWORK && f.controls)) {
      throw new InputError('InvalidReport', `${findingsArg} carries no ${FRAMEWORK} controls (it was written before guardrail recorded them).`, 'Evaluate the snapshot again with this version: guardrail evaluate snapshot.json.')
    }
    const previous = flags.baseline !== undefined ? loadIsmsReport(resolve(io.cwd, flags.baseline)) : undefined
    const built = buildIsmsReport({ findings, frameworkId: FRAMEWORK, attestations, exclusions })
    const isms = previous ? compareIsms(built, previous, flags.baseline!) : built
    const outputDir = resolve(io.cwd, flags.outputDir ?? join(findingsArg, '..'))
    assertDirectoryUsable(outputDir, '--output-dir')
    const file = join(outputDir, ISMS_FILE)
    const inputs = [
      { role: 'findings', file: resolve(io.cwd, findingsArg) },
      ...(flags.snapshot !== undefined ? [{ role: 'snapshot', file: resolve(io.cwd, flags.snapshot) }] : []),
      ...(flags.attestations !== undefined ? [{ role: 'attestations', file: resolve(io.cwd, flags.attestations) }] : []),
      ...(flags.soa !== undefined ? [{ role: 'soa', file: resolve(io.cwd, flags.soa) }] : []),
      ...(flags.baseline !== undefined ? [{ role: 'baseline', file: resolve(io.cwd, flags.baseline) }] : []),
      ...suppressionsFileOf(findings, io.cwd),
    ]
    for (const input of inputs) if (!existsSync(input.file)) throw new InputError('FileUnreadable', `Cannot read ${input.role} file ${input.file}.`, 'Check the path.')
    writeFileAtomic(file, JSON.stringify(isms, null, 2) + '\n')
    const manifest = buildManifest(outputDir, [...inputs, { role: 'report', file }], { tool: { name: TOOL_NAME, version: TOOL_VERSION }, scanAsOf: findings.run.asOf })
    writeFileAtomic(join(outputDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n')
    if (!flags.quiet) {
      const s = isms.summary.byStatus
      io.stdout(
        `${isms.framework.name}: ${isms.summary.controls} controls, ${isms.summary.automated} with automated evidence\n` +
          `  satisfied ${s.satisfied} · failing ${s.failing} · partial ${s.partial} · attested ${s.attested} · attestation expired ${s['attestation-expired']} · no evidence yet ${s['no-evidence']} · excluded ${s.excluded}\n` +
          (isms.baseline ? `  since ${isms.baseline.file}: ${isms.baseline.changed.length} control(s) changed status${isms.baseline.changed.map((c) => `\n    ${c.id} ${c.title}: ${c.from} → ${c.to}`).join('')}\n` : '') +
          isms.controls.filter((c) => c.excludedWithFailures).map((c) => `  warning: ${c.id} is excluded in the SoA but ${c.evidence.fail} finding(s) of its checks fail\n`).join('') +
          `Report: ${file}; evidence manifest: ${join(outputDir, MANIFEST_FILE)} (check it with: guardrail isms verify ${flags.outputDir ?? dirname(findingsArg)})\n`,
      )
    }
  })
  const verify = command
    .command('verify')
    .description('recompute the SHA-256 of every file in an ISMS report\'s evidence manifest and name each one that changed or is missing')
    .argument('<dir>', 'the directory `guardrail isms` wrote isms.json and isms-manifest.json to')
    .action((dir: string) => {
      const result = verifyManifest(resolve(io.cwd, dir))
      const lines = [
        ...result.changed.map((c) => `CHANGED  ${c.role}: ${c.path} (sha256 ${c.actual}, manifest says ${c.expected})`),
        ...result.missing.map((m) => `MISSING  ${m.role}: ${m.path}`),
        `${result.unchanged.length} file(s) unchanged, ${result.changed.length} changed, ${result.missing.length} missing`,
      ]
      io.stdout(`${lines.join('\n')}\n`)
      setExitCode(result.changed.length + result.missing.length > 0 ? EXIT.findings : EXIT.ok)
    })
  withExamples(verify, [
    { what: 'before the audit: is the evidence what the report was made from?', run: 'guardrail isms verify guardrail-report' },
    { what: 'the folder handed to the auditor', run: 'guardrail isms verify audit-2026/isms' },
  ])
  return command
}

/** The suppressions file the findings were muted with, when it is still where the report says. */
function suppressionsFileOf(findings: FindingsReport, cwd: string): { role: string; file: string }[] {
  const named = findings.suppressions?.file
  if (named === undefined) return []
  const file = resolve(cwd, named)
  return existsSync(file) ? [{ role: 'suppressions', file }] : []
}
