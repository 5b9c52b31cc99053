// Every command's --help ends with real examples, and each example's command line parses: the flags
// it uses exist (an example that drifted from the flags would teach an error).
import { describe, expect, it } from 'vitest'
import { runCli, tempDir } from './helpers.js'

const COMMANDS = [[], ['scan'], ['collect'], ['evaluate'], ['merge'], ['report'], ['diff'], ['isms'], ['isms', 'verify'], ['remediate'], ['remediate', 'plan'], ['policy'], ['policy', 'scan'], ['policy', 'remediate'], ['policy', 'stackset'], ['users'], ['users', 'plan'], ['users', 'apply'], ['checks'], ['checks', 'show']]

function examplesOf(help: string): string[] {
  const at = help.lastIndexOf('\nExamples:\n')
  expect(at, 'an Examples: section').toBeGreaterThan(-1)
  return help
    .slice(at)
    .split('\n')
    .filter((l) => l.trimStart().startsWith('$ '))
    .map((l) => l.trim().slice(2))
}

describe('--help examples', () => {
  it.each(COMMANDS)('guardrail %s --help ends with two or three examples', async (...words) => {
    const r = await runCli([...words, '--help'], { cwd: tempDir() })
    expect(r.code).toBe(0)
    const examples = examplesOf(r.stdout)
    expect(examples.length).toBeGreaterThanOrEqual(2)
    expect(examples.length).toBeLessThanOrEqual(3)
    for (const e of examples) expect(e.startsWith('guardrail ')).toBe(true)
  })

  it.each(COMMANDS)('every flag used in the examples of guardrail %s exists', async (...words) => {
    const help = (await runCli([...words, '--help'], { cwd: tempDir() })).stdout
    for (const example of examplesOf(help)) {
      for (const part of example.split(/\s*&&\s*/).filter((p) => p.startsWith('guardrail '))) {
        const argv = part.split(/\s+/).slice(1)
        const command = argv.filter((a) => !a.startsWith('-')).slice(0, (argv[0] === 'checks' && argv[1] === 'show') || (argv[0] === 'isms' && argv[1] === 'verify') || argv[0] === 'remediate' || argv[0] === 'policy' || argv[0] === 'users' ? 2 : 1)
        const ownHelp = (await runCli([...command, '--help'], { cwd: tempDir() })).stdout
        for (const flag of argv.filter((a) => a.startsWith('--'))) expect(ownHelp, `${flag} in "${part}"`).toContain(flag.split('=')[0]!)
      }
    }
  })
})
