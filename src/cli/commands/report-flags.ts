// Flags for commands that write a findings report (scan, evaluate).
import type { Command } from 'commander'
import { addOutputOptions } from './output-flags.js'
import { FAIL_ON_VALUES } from '../../config/schema.js'
import { DEFAULT_FAIL_ON, DEFAULT_OUTPUT_DIR } from '../settings.js'

export function addReportOptions(command: Command): Command {
  command
    .option('--as-of <date>', 'evaluate as of this ISO date/time (default: when collection finished)')
    .option('--fail-on <severity>', `exit 1 if a failing finding is at or above: ${FAIL_ON_VALUES.join('|')} (default: config failOn, else ${DEFAULT_FAIL_ON})`)
    .option('--strict', 'exit 3 when any check could not be evaluated')
    .option('--config <file>', 'config file (default: ./guardrail.config.yaml when present)')
    .option('--output-dir <dir>', `directory for findings.json and the other --format outputs (default: ${DEFAULT_OUTPUT_DIR})`)
    .option('--quiet', 'print nothing but errors')
  return addOutputOptions(command, 'json; findings.json is always written')
}
