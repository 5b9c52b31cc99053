import { describe, expect, it } from 'vitest'
import { ALL_CHECKS } from '../../src/checks/index.js'
import { collectorsNeededBy, slicesReadBy } from '../../src/collect/needed-collectors.js'
import { COLLECTORS } from '../../src/collect/registry.js'

const byId = (id: string) => ALL_CHECKS.find((c) => c.id === id)!

describe('collectorsNeededBy', () => {
  it('every collector is needed by some check: all checks need every collector', () => {
    expect(collectorsNeededBy(ALL_CHECKS).map((c) => c.id)).toEqual(COLLECTORS.map((c) => c.id))
  })

  it('no check, no collector', () => {
    expect(collectorsNeededBy([])).toEqual([])
  })

  it.each(ALL_CHECKS.map((c) => [c.id]))('%s gets exactly the collectors that fill the slices it reads', (id) => {
    const check = byId(id)
    const needed = collectorsNeededBy([check])
    const reads = new Set(slicesReadBy(check))
    // Each chosen collector fills a slice the check reads …
    for (const c of needed) expect(c.slices.some((s) => reads.has(s)), c.id).toBe(true)
    // … and every collected slice the check reads is filled by a chosen collector.
    const filled = new Set(needed.flatMap((c) => c.slices as readonly string[]))
    const collected = new Set(COLLECTORS.flatMap((c) => c.slices as readonly string[]))
    for (const key of reads) if (collected.has(key)) expect(filled.has(key), key).toBe(true)
  })

  it('IAM checks read nothing from logging, detection or network services', () => {
    const services = new Set(collectorsNeededBy(ALL_CHECKS.filter((c) => c.id.startsWith('iam.') && c.id !== 'iam.access-analyzer')).map((c) => c.service))
    expect([...services].sort()).toEqual(['iam'])
  })
})
