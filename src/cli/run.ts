// The CLI as a function: run(argv, io) → exit code. main.ts binds it to the process; tests call it
// in-process. Every error ends here and becomes "error: …" + "hint: …" and an exit code, never a
// stack trace (unless --debug).
import { Command, CommanderError } from 'commander'
import { EXIT, GuardrailError } from '../core/errors.js'
import { TOOL_VERSION } from '../version.js'
import type { CliDeps } from './collector.js'
import { checksCommand } from './commands/checks.js'
import { collectCommand } from './commands/collect.js'
import { evaluateCommand } from './commands/evaluate.js'
import { mergeCommand } from './commands/merge.js'
import { scanCommand } from './commands/scan.js'
import type { CommandContext } from './context.js'
import type { CliIo } from './io.js'

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
  for (const make of [scanCommand, collectCommand, evaluateCommand, mergeCommand, checksCommand]) {
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

/** SDK errors worth a specific hint. Only the error name and message are shown; never credentials. */
function hintForForeignError(err: Error): { exitCode: number; hint?: string } {
  if (err.name === 'CredentialsProviderError' || /Could not load credentials/i.test(err.message)) {
    return { exitCode: EXIT.badInput, hint: 'Configure AWS credentials (environment, --profile, SSO login, or web identity).' }
  }
  if (['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch'].includes(err.name)) {
    return { exitCode: EXIT.badInput, hint: 'The AWS credentials were rejected; refresh them (e.g. aws sso login) and retry.' }
  }
  return { exitCode: EXIT.internal, hint: 'This is a bug or an unexpected AWS response; re-run with --debug and report it.' }
}

export async function run(argv: readonly string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
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
    const { exitCode: code, hint } = hintForForeignError(error)
    io.stderr(`error: ${error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}\n${hint ? `hint: ${hint}\n` : ''}`)
    if (debug && error.stack) io.stderr(`${error.stack}\n`)
    return code
  }
}

/** 'scan ', 'checks show ' … for the usage hint; '' when the command itself was not recognised. */
function commandPath(argv: readonly string[]): string {
  const words = argv.filter((a) => !a.startsWith('-'))
  if (!['scan', 'collect', 'evaluate', 'merge', 'checks'].includes(words[0] ?? '')) return ''
  return words[0] === 'checks' && words[1] === 'show' ? 'checks show ' : `${words[0]} `
}
