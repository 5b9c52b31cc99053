// Everything the CLI touches outside itself, injectable so tests run commands in-process.
import { neutralizeControl } from '../core/terminal-text.js'

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  cwd: string
  env: NodeJS.ProcessEnv
}

const neutralized = new WeakSet<CliIo>()

/**
 * `io` with every write passed through neutralizeControl, so nothing from AWS or from a user's file
 * reaches the terminal as a control sequence. JSON output stays valid (see terminal-text.ts).
 * Idempotent: an io that is already neutralising is returned as is.
 */
export function neutralizingIo(io: CliIo): CliIo {
  if (neutralized.has(io)) return io
  const safe: CliIo = {
    stdout: (t) => io.stdout(neutralizeControl(t)),
    stderr: (t) => io.stderr(neutralizeControl(t)),
    cwd: io.cwd,
    env: io.env,
  }
  neutralized.add(safe)
  return safe
}

export function processIo(): CliIo {
  return neutralizingIo({
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  })
}
