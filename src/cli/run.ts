// The CLI as a function: run(argv, io) → exit code. main.ts binds it to the process; tests call it
// in-process. Every error ends here and becomes "error: …" + "hint: …" and an exit code, never a
// stack trace (unless --debug).
import { Command, CommanderError } from 'commander'
import { classifyAwsFailure, type AwsFailureContext } from '../aws/failure-hints.js'
import { EXIT, GuardrailError } from '../core/errors.js'
import { TOOL_VERSION } from '../version.js'
import type { CliDeps } from './collector.js'
import { checksCommand } from './commands/checks.js'
import { collectCommand } from './commands/collect.js'
import { evaluateCommand } from './commands/evaluate.js'
import { mergeCommand } from './commands/merge.js'
import { reportCommand } from './commands/report.js'
import { diffCommand } from './commands/diff.js'
import { ismsCommand } from './commands/isms.js'
import { remediateCommand } from './commands/remediate.js'
import { policyCommand } from './commands/policy.js'
import { usersCommand } from './commands/users.js'
import { accessCommand } from './commands/access.js'
import { scanCommand } from './commands/scan.js'
import type { CommandContext } from './context.js'
import { neutralizingIo, type CliIo } from './io.js'
import { withExamples } from './help.js'

function buildProgram(ctx: CommandContext): Command {
  const program = new Command('guardrail')
    .description('Audit AWS accounts against a security guardrail checklist (read-only).')
    .version(TOOL_VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
      // Commander's own error line is replaced by ours (same format as every other error).
      outputError: () => {},
    })
    .exitOverride()
  withExamples(program, [
    { what: 'scan this account and open the report', run: 'guardrail scan --format html && xdg-open guardrail-report/report.html' },
    { what: 'scan the whole organization from the management account', run: 'guardrail scan --org --role-name GuardrailAudit --format html,csv,junit' },
    { what: 'what changed since last night', run: 'guardrail diff last-night/findings.json guardrail-report/findings.json' },
  ])
  for (const make of [scanCommand, collectCommand, evaluateCommand, mergeCommand, reportCommand, diffCommand, ismsCommand, remediateCommand, usersCommand, accessCommand, policyCommand, checksCommand]) {
    const sub = make(ctx)
    program.addCommand(sub)
    applyToTree(sub, (c) => c.exitOverride().configureOutput(program.configureOutput()).showSuggestionAfterError(true))
  }
  return program
}

function applyToTree(command: Command, fn: (c: Command) => void): void {
  fn(command)
  for (const sub of command.commands) applyToTree(sub, fn)
}

/**
 * SDK errors worth a specific message and hint (classifyAwsFailure): an unreachable endpoint, a proxy
 * answering instead of AWS, a missing profile, missing or rejected credentials. Only the error's name
 * and message are shown; never credentials. Anything else is a bug or an unexpected response: exit 70.
 */
function hintForForeignError(err: Error, context: AwsFailureContext): { exitCode: number; message?: string; hint?: string } {
  const failure = classifyAwsFailure(err, context)
  switch (failure.kind) {
    case 'no-credentials':
    case 'credentials-rejected':
      // The SDK's own "CredentialsProviderError: …" line is what users search for; keep it, add the hint.
      return { exitCode: EXIT.badInput, ...(failure.hint !== undefined ? { hint: failure.hint } : {}) }
    case 'network':
    case 'not-aws':
    case 'aws-server-error':
    case 'profile-not-found':
      return { exitCode: EXIT.badInput, message: failure.message, ...(failure.hint !== undefined ? { hint: failure.hint } : {}) }
    case 'unknown':
      return { exitCode: EXIT.internal, hint: 'This is a bug or an unexpected AWS response; re-run with --debug and report it.' }
  }
}

/** The value of --profile in argv (for the hint), if given. */
function profileFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--profile') return argv[i + 1]
    if (arg.startsWith('--profile=')) return arg.slice('--profile='.length)
  }
  return undefined
}

export async function run(argv: readonly string[], rawIo: CliIo, deps: CliDeps = {}): Promise<number> {
  // Everything printed passes through neutralizeControl: no AWS- or file-supplied text reaches the
  // terminal as a control sequence.
  const io = neutralizingIo(rawIo)
  let exitCode: number = EXIT.ok
  const ctx: CommandContext = { io, deps, setExitCode: (code) => void (exitCode = code) }
  const program = buildProgram(ctx)
  const debug = argv.includes('--debug')
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version arrive here as "errors" with exit code 0.
      if (err.exitCode === 0) return EXIT.ok
      // No command given: commander already printed the help to stderr; that is the whole message.
      if (err.code === 'commander.help') return EXIT.badInput
      io.stderr(`error: ${err.message.replace(/^error: /, '')}\nhint: run \`guardrail ${commandPath(argv)}--help\` for usage\n`)
      return EXIT.badInput
    }
    if (err instanceof GuardrailError) {
      io.stderr(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`)
      if (debug && err.stack) io.stderr(`${err.stack}\n`)
      return err.exitCode
    }
    const error = err instanceof Error ? err : new Error(String(err))
    const profile = profileFlag(argv)
    const { exitCode: code, message, hint } = hintForForeignError(error, { env: io.env, ...(profile !== undefined ? { profile } : {}) })
    // A foreign message may quote a server's text: its continuation lines are indented, so it cannot
    // print a line of its own that reads like our "hint:".
    const text = message ?? `${error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}`.replace(/\r?\n/g, '\n  ')
    io.stderr(`error: ${text}\n${hint ? `hint: ${hint}\n` : ''}`)
    if (debug && error.stack) io.stderr(`${error.stack}\n`)
    return code
  }
}

/** 'scan ', 'checks show ' … for the usage hint; '' when the command itself was not recognised. */
function commandPath(argv: readonly string[]): string {
  const words = argv.filter((a) => !a.startsWith('-'))
  if (!['scan', 'collect', 'evaluate', 'merge', 'report', 'diff', 'isms', 'checks'].includes(words[0] ?? '')) return ''
  return words[0] === 'checks' && words[1] === 'show' ? 'checks show ' : `${words[0]} `
}
