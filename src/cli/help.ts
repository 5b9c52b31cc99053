// "Examples:" at the end of every command's --help: two or three real invocations, because a user
// reading --help wants the line to copy more than the list of flags. test/cli/help.test.ts checks
// every command has them and that each example parses.
import type { Command } from 'commander'

export function withExamples(command: Command, examples: readonly { run: string; what: string }[]): Command {
  const lines = examples.flatMap((e) => [`  # ${e.what}`, `  $ ${e.run}`])
  return command.addHelpText('after', `\nExamples:\n${lines.join('\n')}\n`)
}
