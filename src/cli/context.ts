import type { CliDeps } from './collector.js'
import type { CliIo } from './io.js'

/** What every command module gets: the outside world, and a way to set the process exit code. */
export interface CommandContext {
  io: CliIo
  deps: CliDeps
  setExitCode(code: number): void
}
