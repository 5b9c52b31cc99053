// guardrail isms <findings.json>: the pre-audit control reports — ISO/IEC 27001:2022 Annex A by default,
// CIS AWS v3.0.0 and the account-setup checklist on request — as JSON and a printable HTML page, with
// an evidence manifest; `isms verify DIR` checks that manifest. Offline: everything comes from the
// findings file and the ISMS owner's attestations and SoA. scan/evaluate/merge --isms take the same path.
import { dirname, resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { assertDirectoryUsable } from '../../core/atomic-write.js'
import { EXIT } from '../../core/errors.js'
import { verifyManifest } from '../../isms/manifest.js'
import { describeIsms, ISMS_FORMATS, prepareIsms, writeIsms, type IsmsFormat } from '../../isms/outputs.js'
import { loadFindingsFile } from '../../refine/baseline.js'
import { loadFrameworks } from '../../rules/load.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { listFlag, nonEmptyFlag, parseFlags } from '../options.js'

const ismsFormatsFlag = listFlag.pipe(z.array(z.enum(ISMS_FORMATS, { error: `expected formats among ${ISMS_FORMATS.join(', ')}` })).min(1, `expected at least one of ${ISMS_FORMATS.join(', ')}`))

const ismsFlagsSchema = z.object({
  framework: nonEmptyFlag.optional(),
  format: ismsFormatsFlag.optional(),
  attestations: nonEmptyFlag.optional(),
  soa: nonEmptyFlag.optional(),
  snapshot: nonEmptyFlag.optional(),
  baseline: nonEmptyFlag.optional(),
  outputDir: nonEmptyFlag.optional(),
  quiet: z.boolean().default(false),
})

export function ismsCommand({ io, setExitCode }: CommandContext): Command {
  const command = new Command('isms')
    .description('the pre-audit control report: every ISO/IEC 27001:2022 Annex A control (or CIS AWS v3.0.0, or the account-setup checklist) with its evidence, attestations and SoA exclusions')
    .argument('<findings.json>', 'a findings file written by scan, evaluate or merge')
    .option('--framework <list>', 'comma-separated: iso27001-2022 (default; isms.*), cis-aws-3.0, account-setup (isms-<id>.*), or all')
    .option('--format <list>', `comma-separated: ${ISMS_FORMATS.join(', ')} (default: json,html)`)
    .option('--attestations <file>', 'YAML attestations for controls no API can evidence (see examples/attestations.yaml)')
    .option('--soa <file>', 'YAML Statement of Applicability exclusions (see examples/soa.yaml)')
    .option('--baseline <isms.json>', 'a previous report of one of the frameworks: mark which controls changed status')
    .option('--snapshot <file>', 'the snapshot the findings were evaluated from: its hash goes into the evidence manifest')
    .option('--output-dir <dir>', 'where the reports and isms-manifest.json go (default: the directory of the findings file)')
    .option('--quiet', 'print nothing but errors')
  withExamples(command, [
    { what: 'the Annex A report of last night\'s scan, with the ISMS owner\'s files', run: 'guardrail isms guardrail-report/findings.json --attestations isms/attestations.yaml --soa isms/soa.yaml' },
    { what: 'all three control reports, and the PDF for the auditor', run: 'guardrail isms findings.json --framework all --format json,html,pdf --output-dir audit-2026' },
    { what: 'what changed since the last audit', run: 'guardrail isms findings.json --baseline audit-2025/isms.json' },
  ])
  command.action(async (findingsArg: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(ismsFlagsSchema, raw)
    // Every input is read and validated before anything is written.
    const prepared = prepareIsms(
      {
        ...(flags.framework !== undefined ? { frameworks: flags.framework } : {}),
        formats: (flags.format ?? ['json', 'html']) as IsmsFormat[],
        ...(flags.attestations !== undefined ? { attestations: flags.attestations } : {}),
        ...(flags.soa !== undefined ? { soa: flags.soa } : {}),
        ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
        ...(flags.snapshot !== undefined ? { snapshot: flags.snapshot } : {}),
        frameworksFlag: '--framework',
      },
      loadFrameworks(),
      io.cwd,
    )
    if (prepared.formats.includes('pdf')) (await import('../../report/pdf.js')).findChromium()
    const findingsFile = resolve(io.cwd, findingsArg)
    const findings = loadFindingsFile(findingsFile, 'findings report')
    const outputDir = resolve(io.cwd, flags.outputDir ?? dirname(findingsArg))
    assertDirectoryUsable(outputDir, '--output-dir')
    const written = await writeIsms(prepared, findings, findingsFile, outputDir, io.cwd)
    if (!flags.quiet) io.stdout(describeIsms(written, flags.outputDir ?? dirname(findingsArg)))
  })
  const verify = command
    .command('verify')
    .description('recompute the SHA-256 of every file in an ISMS report\'s evidence manifest and name each one that changed or is missing')
    .argument('<dir>', 'the directory `guardrail isms` wrote its reports and isms-manifest.json to')
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
