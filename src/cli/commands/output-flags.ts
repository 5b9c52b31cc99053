// Flags for every command that produces a findings report (scan, evaluate, merge, report): which
// checks the report is about, which exceptions are muted, what it is compared with, which files
// are written. Validated at the boundary like every flag; the files they name (suppressions,
// baseline) are loaded and validated before any AWS call or evaluation starts.
import type { Command } from 'commander'
import { z } from 'zod'
import { SEVERITIES } from '../../core/types.js'
import { FORMATS, OUTPUT_FORMATS, type Format } from '../../report/outputs.js'
import { closeMatches } from '../../core/suggest.js'
import { listFlag, nonEmptyFlag, regionFlag } from '../options.js'

const formatsFlag = listFlag.transform((names, ctx): Format[] => {
  const formats: Format[] = []
  for (const name of names) {
    const format = name.toLowerCase()
    if (!(FORMATS as readonly string[]).includes(format)) {
      const near = closeMatches(format, FORMATS)
      ctx.addIssue({ code: 'custom', message: `unknown format "${name}"${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}; formats: ${FORMATS.join(', ')}` })
      return z.NEVER
    }
    if (!formats.includes(format as Format)) formats.push(format as Format)
  }
  if (formats.length === 0) {
    ctx.addIssue({ code: 'custom', message: `expected at least one of ${FORMATS.join(', ')}` })
    return z.NEVER
  }
  return formats
})

export const outputFlagsSchema = z.object({
  format: formatsFlag.optional(),
  checks: listFlag.pipe(z.array(z.string()).min(1, 'expected check ids or patterns such as iam.*')).optional(),
  excludeChecks: listFlag.pipe(z.array(z.string()).min(1, 'expected check ids or patterns such as cloudwatch.alarm-*')).optional(),
  framework: z.string().regex(/^[a-z0-9][a-z0-9.-]*(:[\w.-]*)?$/, 'expected a framework id, optionally with a control or section: cis-aws-3.0, cis-aws-3.0:1.10, iso27001-2022:8').optional(),
  minSeverity: z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(', ')}` }).optional(),
  suppressions: nonEmptyFlag.optional(),
  baseline: nonEmptyFlag.optional(),
  newOnly: z.boolean().default(false),
  asffRegion: regionFlag.optional(),
  // --isms alone is `true` (the ISO report); --isms cis-aws-3.0,account-setup names the frameworks.
  isms: z.union([z.literal(true), nonEmptyFlag]).optional(),
  attestations: nonEmptyFlag.optional(),
  soa: nonEmptyFlag.optional(),
  access: z.boolean().default(false),
})
export type OutputFlags = z.infer<typeof outputFlagsSchema>

const formatList = FORMATS.map((f) => `${f} (${OUTPUT_FORMATS[f].file})`).join(', ')

/** The selection flags alone (also on `guardrail checks`). */
export function addSelectionOptions(command: Command): Command {
  return command
    .option('--checks <list>', 'only these checks: comma-separated ids or patterns (iam.*, cloudwatch.alarm-*)')
    .option('--exclude-checks <list>', 'leave out these checks (ids or patterns)')
    .option('--framework <id[:control]>', 'only checks mapped to a framework, one of its controls or a section: cis-aws-3.0, cis-aws-3.0:1.10, iso27001-2022:8.15')
    .option('--min-severity <severity>', `only checks at or above: ${SEVERITIES.join('|')}`)
}

export function addOutputOptions(command: Command, defaultFormats: string): Command {
  addSelectionOptions(command)
  return command
    .option('--format <list>', `comma-separated outputs written to --output-dir (default: ${defaultFormats}): ${formatList}`)
    .option('--suppressions <file>', 'YAML file of accepted exceptions (owner, reason, expiry); muted findings do not count for --fail-on (see examples/suppressions.yaml)')
    .option('--baseline <findings.json>', 'an earlier findings.json: mark each finding new, unchanged or resolved')
    .option('--new-only', 'with --baseline: --fail-on counts only failures that are new since the baseline')
    .option('--asff-region <region>', "asff: the Security Hub region for findings without one ('global'; default: the alphabetically first scanned region)")
    .option('--isms [frameworks]', 'also write the control report (isms.json, isms.html, isms-manifest.json): ISO/IEC 27001:2022 Annex A, or the frameworks named (cis-aws-3.0, account-setup, all); see `guardrail isms --help`')
    .option('--attestations <file>', 'with --isms: YAML attestations for controls no API can evidence')
    .option('--soa <file>', 'with --isms: YAML Statement of Applicability exclusions')
    .option('--access', "also write the access map from this run's snapshot into <output-dir>/access/ (access-map.json, access-map.csv, access.html): who can reach what; see `guardrail access --help`")
}
