// The one atomic writer. Output files appear whole or not at all: write a temp file next to the
// target, then rename it over the target (atomic within one filesystem). A crash mid-write leaves
// only a stray .tmp file, never a truncated report a CI job might read as "no findings", nor half an
// account file that --resume or merge would trust.
//
// Every failure (a directory that cannot be created, a read-only place, a full disk, a path whose
// parent is a file) is an OutputUnwritable InputError naming the file and what to do: exit 2, not a
// stack trace.
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { InputError } from './errors.js'

function hintFor(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'The disk is full: free space (or choose another output or work directory) and run again; an interrupted organization scan continues with --resume.'
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'The location is not writable by this user: choose a writable --output-dir / --work-dir / --output.'
    case 'ENOTDIR':
    case 'EEXIST':
    case 'EISDIR':
      return 'A part of that path is a file where a directory is needed (or the reverse): choose another path.'
    default:
      return 'Choose a writable output path.'
  }
}

/** Maps a file-system failure while writing `file` to the error users see. */
export function outputUnwritable(file: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const reason = code === 'ENOSPC' ? 'no space left on the device (ENOSPC)' : err instanceof Error ? err.message : String(err)
  return new InputError('OutputUnwritable', `Cannot write ${file}: ${reason}`, hintFor(code), err)
}

const tempNameFor = (file: string) => join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)

export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = dirname(file)
  try {
    mkdirSync(dir, { recursive: true })
  } catch (err) {
    throw outputUnwritable(file, err)
  }
  const temp = tempNameFor(file)
  try {
    writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' })
    renameSync(temp, file)
  } catch (err) {
    rmSync(temp, { force: true })
    throw outputUnwritable(file, err)
  }
}

/**
 * Streams a file into place: `produce` writes chunks (awaiting back-pressure), and the file appears
 * only when it returns. A failure inside `produce` that is not a write failure (bad input found
 * while streaming) is rethrown as it is; the temp file is removed either way.
 */
export async function writeStreamAtomic<T>(file: string, produce: (write: (chunk: string) => Promise<void>) => Promise<T>): Promise<T> {
  try {
    await mkdir(dirname(file), { recursive: true })
  } catch (err) {
    throw outputUnwritable(file, err)
  }
  const temp = tempNameFor(file)
  const out = createWriteStream(temp, { encoding: 'utf8', flags: 'wx' })
  let writeError: unknown
  out.on('error', (err) => {
    writeError ??= err
  })
  const failed = () => (writeError !== undefined ? outputUnwritable(file, writeError) : undefined)
  // Producers write many small chunks (one per finding); batching them into ~64 KiB writes keeps the
  // stream's per-write cost off the hot path.
  let pending = ''
  const flush = async () => {
    const already = failed()
    if (already) throw already
    const chunk = pending
    pending = ''
    // events.once rejects when the stream emits 'error' while waiting.
    if (chunk !== '' && !out.write(chunk)) await once(out, 'drain')
  }
  try {
    const result = await produce(async (chunk) => {
      pending += chunk
      if (pending.length >= 65_536) await flush()
    })
    await flush()
    out.end()
    await once(out, 'finish')
    const late = failed()
    if (late) throw late
    try {
      await rename(temp, file)
    } catch (err) {
      throw outputUnwritable(file, err)
    }
    return result
  } catch (err) {
    out.destroy()
    await rm(temp, { force: true })
    throw failed() ?? err
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeStreamAtomic(file, (write) => write(JSON.stringify(value)))
}

/**
 * Refuses, before any work is done, an output location that exists but is not a directory: a long
 * scan must not fail at its very end because --output-dir names a file.
 */
export function assertDirectoryUsable(dir: string, flag: string, code = 'NotADirectory'): void {
  if (!existsSync(dir)) return
  if (!statSync(dir).isDirectory()) {
    throw new InputError(code, `${flag}: ${dir} is a file, not a directory.`, `Point ${flag} at a directory (it is created when missing), or remove that file.`)
  }
}
