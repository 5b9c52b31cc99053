import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { writeFileAtomic } from '../../src/report/atomic-write.js'
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
    expect(() => writeFileAtomic(join(dir, 'file', 'sub', 'findings.json'), 'x')).toThrow(/Cannot create the output directory/)
  })
})
