import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodePayload, findingAt, PayloadError, toReport } from '../../../src/report/html/app/data/decode.js'
import { BASELINES } from '../../../src/report/html/app/data/vocabulary.js'
import { encodeReport } from '../../../src/report/html/encode.js'
import type { EmbeddedPayload } from '../../../src/report/html/payload.js'
import { encodePayload, renderHtml } from '../../../src/report/html/render.js'
import { renderReportJson } from '../../../src/report/build.js'
import { BASELINE_STATES } from '../../../src/report/schema.js'
import { HOSTILE, syntheticReport } from '../../support/synthetic-report.js'
import { richReport } from './support/reports.js'

const unpack = (base64: string): EmbeddedPayload => JSON.parse(gunzipSync(Buffer.from(base64, 'base64')).toString('utf8')) as EmbeddedPayload

describe('HTML report data encoding', () => {
  it('round-trips a report with every optional field to the same findings.json', () => {
    const report = richReport(600)
    const decoded = toReport(decodePayload(unpack(encodePayload(report))))
    expect(renderReportJson(decoded)).toBe(renderReportJson(report))
    // Spot-check the fields that travel as interned optionals.
    expect(decoded.findings.filter((f) => f.muted !== undefined).length).toBeGreaterThan(0)
    expect(decoded.findings.filter((f) => f.firstSeen !== undefined).length).toBe(150)
    expect(decoded.findings.filter((f) => f.errorCode !== undefined).length).toBe(report.summary.byStatus.error)
  })

  it('round-trips a report without the optional parts', () => {
    const report = syntheticReport({ findings: 50, hostile: false, mutedShare: 0 })
    expect(renderReportJson(toReport(decodePayload(unpack(encodePayload(report)))))).toBe(renderReportJson(report))
  })

  it('rebuilds one finding with the keys in findings.json order', () => {
    const report = richReport(40)
    const table = decodePayload(encodeReport(report)).table
    report.findings.forEach((f, i) => expect(JSON.stringify(findingAt(table, i))).toBe(JSON.stringify(f)))
  })

  it('stores each repeated value once', () => {
    const report = syntheticReport({ findings: 2000, hostile: true })
    const payload = encodeReport(report)
    const checks = new Set(report.findings.map((f) => f.checkId)).size
    const accounts = new Set(report.findings.map((f) => f.accountId)).size
    expect(payload.strings.length).toBeLessThan(checks * 3 + accounts + 50)
    expect(payload.findings.checkId.every((i) => Number.isInteger(i))).toBe(true)
  })

  it('is deterministic and embeds nothing but base64, so no report string can end the data block', () => {
    const report = richReport(300)
    const a = renderHtml(report)
    expect(renderHtml(report)).toBe(a)
    const block = /<script type="application\/octet-stream" id="guardrail-data">([^<]*)<\/script>/.exec(a)
    expect(block).not.toBeNull()
    expect(block![1]).toMatch(/^[A-Za-z0-9+/]+=*$/)
    for (const hostile of [HOSTILE.script, HOSTILE.img, 'window.__pwned', HOSTILE.formula]) expect(a).not.toContain(hostile)
    // Exactly the data block and the app script.
    expect(a.match(/<script/g)).toHaveLength(2)
  })

  it('rejects a payload of another version or with ragged columns', () => {
    const payload = encodeReport(syntheticReport({ findings: 10 }))
    expect(() => decodePayload({ ...payload, v: 2 as unknown as 1 })).toThrow(PayloadError)
    const ragged = structuredClone(payload)
    ragged.findings.status.pop()
    expect(() => decodePayload(ragged)).toThrow(/column status has 9 values, expected 10/)
  })

  it('restates the baseline states in the same order as the schema', () => {
    expect(BASELINES).toEqual(BASELINE_STATES)
  })
})
