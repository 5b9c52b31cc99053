// Two things every command that changes servers or accounts needs from the terminal: an explicit
// confirmation (only the typed word goes on), and a Ctrl-C that stops new work without killing the
// process mid-step (a second Ctrl-C quits at once).
import { EXIT, InputError } from '../core/errors.js'

export async function terminalConfirm(question: string, word: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return (await rl.question(question)).trim() === word
  } finally {
    rl.close()
  }
}

export function ctrlC(io: { stderr(text: string): void }, what: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted)
    io.stderr(`\nInterrupted: ${what} (Ctrl-C again to quit now).\n`)
    controller.abort()
  }
  process.on('SIGINT', onSigint)
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', onSigint) }
}

/**
 * Whether to go on with a change: yes with --yes; otherwise the typed word on a terminal (or the
 * injected confirm of a test). Without a terminal and without --yes it is an InputError: a pipeline
 * must say --yes after its own approval step, never hang on a prompt.
 */
export async function confirmedToGoOn(options: { yes: boolean; command: string; question: string; word: string; confirm?: ((question: string) => Promise<boolean>) | undefined }): Promise<boolean> {
  if (options.yes) return true
  if (options.confirm === undefined && !process.stdin.isTTY) throw new InputError('ConfirmationNeeded', `${options.command} asks for confirmation, and this is not a terminal.`, 'Review the plan, then add --yes (for example in a pipeline with an approval step).')
  return (options.confirm ?? ((q: string) => terminalConfirm(q, options.word)))(options.question)
}
