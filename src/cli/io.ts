// Everything the CLI touches outside itself, injectable so tests run commands in-process.
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  cwd: string
  env: NodeJS.ProcessEnv
}

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  }
}
