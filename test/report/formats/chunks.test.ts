// The streaming forms of the large exports: the pieces, grouped by joinedChunks, are exactly the
// rendered file, and the groups are about the requested size.
import { describe, expect, it } from 'vitest'
import { asffParts, renderAsff } from '../../../src/report/formats/asff.js'
import { joinedChunks } from '../../../src/report/formats/chunks.js'
import { csvRecords, renderCsv } from '../../../src/report/formats/csv.js'
import { ocsfLines, renderOcsf } from '../../../src/report/formats/ocsf.js'
import { syntheticReport } from '../../support/synthetic-report.js'
import { miniReport } from './support.js'

describe('joinedChunks', () => {
  it('groups pieces into chunks of at least `size` characters (the last may be shorter), in order', () => {
    const parts = Array.from({ length: 10 }, (_, i) => String(i).repeat(3))
    const chunks = [...joinedChunks(parts, 7)]
    expect(chunks).toEqual(['000111222', '333444555', '666777888', '999'])
    expect([...joinedChunks([], 7)]).toEqual([])
  })
})

describe('streamed exports equal the rendered files', () => {
  const report = syntheticReport({ findings: 2000, hostile: true, mutedShare: 0.2 })
  it.each([
    ['csv', () => csvRecords(report), () => renderCsv(report)],
    ['ocsf', () => ocsfLines(report), () => renderOcsf(report)],
    ['asff', () => asffParts(report, { region: 'eu-west-1' }), () => renderAsff(report, { region: 'eu-west-1' })],
    ['asff, no findings', () => asffParts(miniReport([])), () => renderAsff(miniReport([]))],
  ])('%s', (_, parts, whole) => {
    const chunks = [...joinedChunks(parts(), 64 * 1024)]
    expect(chunks.join('')).toBe(whole())
    if (whole().length > 64 * 1024) expect(chunks.length).toBeGreaterThan(1)
  })
})
