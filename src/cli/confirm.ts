// Two things every command that changes servers or accounts needs from the terminal: an explicit
// confirmation (only the typed word goes on), and a Ctrl-C that stops new work without killing the
// process mid-step (a second Ctrl-C quits at once).
import { EXIT } from '../core/errors.js'

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
