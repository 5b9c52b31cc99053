// guardrail diff old.json new.json: what got worse and what got better between two findings files,
// for a person at a terminal. Offline; both files are validated like any findings file. By default it
// only informs (exit 0); with --fail-on it gates on worse changes at or above the severity.
import { resolve } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { EXIT } from '../../core/errors.js'
import { loadFindingsFile } from '../../refine/baseline.js'
import { diffReports, renderDiff, worseAtOrAbove } from '../../refine/diff.js'
import { FAIL_ON_VALUES } from '../../config/schema.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { failOnFlag, parseFlags } from '../options.js'

const diffFlagsSchema = z.object({ failOn: failOnFlag.optional(), json: z.boolean().default(false) })

export function diffCommand({ io, setExitCode }: CommandContext): Command {
  const command = new Command('diff')
    .description('compare two findings files: what got worse (new failures, raised severity, lost coverage) and what got better')
    .argument('<old.json>', 'the earlier findings.json')
    .argument('<new.json>', 'the later findings.json')
    .option('--fail-on <severity>', `exit 1 if something got worse at or above: ${FAIL_ON_VALUES.join('|')} (default: none — diff only informs)`)
    .option('--json', 'print the comparison as JSON')
  withExamples(command, [
    { what: 'what changed since last night', run: 'guardrail diff last-night/findings.json guardrail-report/findings.json' },
    { what: 'in CI: fail when anything high or critical got worse', run: 'guardrail diff previous/findings.json guardrail-report/findings.json --fail-on high' },
  ])
  return command.action(async (oldArg: string, newArg: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(diffFlagsSchema, raw)
    const before = loadFindingsFile(resolve(io.cwd, oldArg), 'findings report')
    const after = loadFindingsFile(resolve(io.cwd, newArg), 'findings report')
    const result = diffReports(before, after)
    io.stdout(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderDiff(result, { oldLabel: oldArg, newLabel: newArg }))
    const failOn = flags.failOn ?? 'none'
    setExitCode(failOn !== 'none' && worseAtOrAbove(result, failOn).length > 0 ? EXIT.findings : EXIT.ok)
  })
}
