import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { outputUnwritable, writeFileAtomic, writeJsonAtomic, writeStreamAtomic } from '../../src/core/atomic-write.js'
import { tempDir } from '../cli/helpers.js'

describe('writeFileAtomic', () => {
  it('creates the directory, replaces an existing file whole and leaves no temp file', () => {
    const dir = tempDir()
    const file = join(dir, 'out', 'findings.json')
    writeFileAtomic(file, 'first')
    writeFileAtomic(file, 'second')
    expect(readFileSync(file, 'utf8')).toBe('second')
    expect(readdirSync(join(dir, 'out'))).toEqual(['findings.json'])
  })

  it('a failed write raises InputError, keeps the previous file and leaves no temp file', () => {
    const dir = tempDir()
    const file = join(dir, 'findings.json')
    writeFileSync(file, 'previous')
    // The target is a directory now: rename fails after the temp file was written.
    const blocked = join(dir, 'blocked')
    mkdirSync(join(blocked, 'findings.json'), { recursive: true })
    writeFileSync(join(blocked, 'findings.json', 'x'), 'x')
    expect(() => writeFileAtomic(join(blocked, 'findings.json'), 'new')).toThrow(InputError)
    expect(readdirSync(blocked)).toEqual(['findings.json'])
    expect(readFileSync(file, 'utf8')).toBe('previous')
  })

  it('an output directory that cannot be created is an InputError naming it', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'file'), '')
    expect(() => writeFileAtomic(join(dir, 'file', 'sub', 'findings.json'), 'x')).toThrow(/Cannot write .*findings\.json: .*\n?/)
    try {
      writeFileAtomic(join(dir, 'file', 'sub', 'findings.json'), 'x')
    } catch (err) {
      expect((err as InputError).hint).toMatch(/is a file where a directory is needed/)
    }
  })
})

describe('writeStreamAtomic / writeJsonAtomic', () => {
  it('writes whole files and removes the temp file when the producer fails', async () => {
    const dir = tempDir()
    const file = join(dir, 'a', 'x.json')
    await writeJsonAtomic(file, { a: 1 })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 1 })
    await expect(
      writeStreamAtomic(file, async (write) => {
        await write('{"half":')
        throw new Error('bad input found while streaming')
      }),
    ).rejects.toThrow('bad input found while streaming')
    expect(readdirSync(join(dir, 'a'))).toEqual(['x.json'])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 1 })
  })

  it('a full disk is OutputUnwritable naming the file, with a hint to free space (exit 2, not 70)', async () => {
    // /dev/full answers every write with ENOSPC: the real errno of a full disk.
    const err = outputUnwritable('/work/out/findings.json', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
    expect(err).toBeInstanceOf(InputError)
    expect(err.exitCode).toBe(2)
    expect(err.message).toContain('/work/out/findings.json')
    expect(err.message).toContain('ENOSPC')
    expect(err.hint).toMatch(/disk is full/)
  })

  it('a target path that is a directory is OutputUnwritable for the streaming writer too', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'findings.json', 'x'), { recursive: true })
    await expect(writeJsonAtomic(join(dir, 'findings.json'), {})).rejects.toMatchObject({ code: 'OutputUnwritable' })
    expect(readdirSync(dir)).toEqual(['findings.json'])
  })
})
