// A private "server" for the user-sync tests: an overlay on /etc and a private /home, entered through
// a fresh mount + PID namespace for every run (as consecutive runs on one instance), so real
// useradd/userdel/visudo/pkill run for real and the machine's own accounts are never touched.
// Needs root and unshare (the test machines and CI have both).
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../cli/helpers.js'

export interface LinuxServer {
  dir: string
  /** Runs a shell script inside the server (root), returning its exit code and output. */
  run(script: string): { exitCode: number; stdout: string; stderr: string }
  /**
   * The server's directory for one SSM command (the agent's orchestration/<command id>/), created on
   * first use: content downloaded for the command goes there, and the server's runs see it at the
   * same path (it is outside the overlaid /etc and the private /home).
   */
  commandDirectory(commandId: string): string
}

export function linuxServer(): LinuxServer {
  const dir = tempDir('guardrail-server-')
  for (const d of ['upper', 'work', 'home']) mkdirSync(join(dir, d))
  return {
    dir,
    run(script) {
      const wrapped = [
        'set -e',
        `mount -t overlay overlay -o lowerdir=/etc,upperdir=${dir}/upper,workdir=${dir}/work /etc`,
        `mount --bind ${dir}/home /home`,
        'set +e',
        script,
      ].join('\n')
      const r = spawnSync('unshare', ['--mount', '--pid', '--fork', '--mount-proc', 'sh', '-c', wrapped], { encoding: 'utf8', timeout: 120_000 })
      return { exitCode: r.status ?? 70, stdout: r.stdout, stderr: r.stderr }
    },
    commandDirectory(commandId) {
      if (!/^[\w-]+$/.test(commandId)) throw new Error(`not a command id: ${commandId}`)
      const orchestration = join(dir, 'ssm', 'orchestration', commandId)
      mkdirSync(orchestration, { recursive: true })
      return orchestration
    },
  }
}
