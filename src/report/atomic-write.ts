// Output files appear whole or not at all: write a temp file next to the target, then rename it
// over the target (atomic within one filesystem). A crash mid-write leaves only a stray .tmp file,
// never a truncated report a CI job might read as "no findings".
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { InputError } from '../core/errors.js'

export function writeFileAtomic(file: string, content: string): void {
  const dir = dirname(file)
  try {
    mkdirSync(dir, { recursive: true })
  } catch (err) {
    throw new InputError('OutputUnwritable', `Cannot create the output directory ${dir}: ${(err as Error).message}`, 'Choose a writable directory.')
  }
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' })
    renameSync(temp, file)
  } catch (err) {
    rmSync(temp, { force: true })
    throw new InputError('OutputUnwritable', `Cannot write ${file}: ${(err as Error).message}`, 'Choose a writable output path.')
  }
}
