// The finishing step on a report that was streamed to disk (organization scan, large evaluate, merge).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { finishWritten, prepareOutputs } from '../../src/cli/finish-report.js'
import { outputFlagsSchema } from '../../src/cli/commands/output-flags.js'
import { InputError } from '../../src/core/errors.js'
import { renderReportJson } from '../../src/report/build.js'
import { syntheticReport } from '../support/synthetic-report.js'
import { tempDir, writeJson } from './helpers.js'

const report = syntheticReport({ findings: 200 })
const header = { ...report, findings: [] } // what a streaming command holds: everything but the findings
const io = () => {
  const out: string[] = []
  return { out, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), cwd: '/', env: {} } }
}
const outputs = (flags: Record<string, unknown>) => prepareOutputs(outputFlagsSchema.parse(flags), '/', report.checks.map((c) => c.id), ['json'], { organization: { identityAccounts: [] } })

describe('finishWritten', () => {
  it('leaves the streamed file alone when nothing asks to change it, and only prints the summary', async () => {
    const dir = tempDir()
    const file = join(dir, 'findings.json')
    writeJson(dir, 'findings.json', { marker: 'streamed' })
    const { io: cli, out } = io()
    const code = await finishWritten(header, file, outputs({}), { outputDir: dir, failOn: 'none', strict: false, quiet: false, io: cli })
    expect(code).toBe(0)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ marker: 'streamed' })
    expect(out.join('')).toContain(`Report: ${file}`)
  })

  it('reads a streamed report back to write other formats, and rewrites findings.json the same', async () => {
    const dir = tempDir()
    const file = join(dir, 'findings.json')
    const text = renderReportJson(report)
    writeJson(dir, 'findings.json', report)
    const { io: cli } = io()
    await finishWritten(header, file, outputs({ format: 'json,csv' }), { outputDir: dir, failOn: 'none', strict: false, quiet: true, io: cli })
    expect(readFileSync(file, 'utf8')).toBe(text)
    expect(readFileSync(join(dir, 'findings.csv'), 'utf8').split('\r\n').length - 2).toBe(report.findings.length)
  })

  it('a streamed report larger than the read-back limit: exit 2 naming the file, how big, and how to split the organization', async () => {
    const dir = tempDir()
    const file = join(dir, 'findings.json')
    writeJson(dir, 'findings.json', report)
    const { io: cli } = io()
    const err = await finishWritten(header, file, outputs({ format: 'csv' }), { outputDir: dir, failOn: 'none', strict: false, quiet: true, io: cli, readBackMaxBytes: 1000 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).code).toBe('ReportTooLarge')
    expect((err as InputError).message).toContain(file)
    expect((err as InputError).message).toMatch(/complete and valid/)
    expect((err as InputError).hint).toMatch(/--shard k\/n or --ous.*guardrail report/)
  })
})
