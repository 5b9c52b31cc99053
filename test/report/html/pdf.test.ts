import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { renderHtml } from '../../../src/report/html/render.js'
import { findChromium, renderPdf } from '../../../src/report/pdf.js'
import { richReport } from './support/reports.js'
import { CHROMIUM } from './support/browser.js'

describe('PDF via a local Chromium', () => {
  it('prints the report to a PDF file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-pdf-test-'))
    const file = join(dir, 'report.pdf')
    await renderPdf(renderHtml(richReport(400)), file, { chromium: CHROMIUM })
    const pdf = readFileSync(file)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // Overview + ~130 failing findings by check: several pages, not one blank one.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []
    expect(pages.length).toBeGreaterThan(3)
    expect(readdirSync(dir)).toEqual(['report.pdf'])
  })

  it('finds the Chromium named by GUARDRAIL_CHROMIUM, else a known one', () => {
    expect(findChromium({ env: { GUARDRAIL_CHROMIUM: CHROMIUM } })).toBe(CHROMIUM)
    expect(findChromium({ env: {}, candidates: ['/nonexistent/chrome', CHROMIUM] })).toBe(CHROMIUM)
  })

  it('says how to install one when there is none', () => {
    const none = () => findChromium({ env: { PATH: '' }, candidates: ['/nonexistent/chromium'] })
    expect(none).toThrow(InputError)
    try {
      none()
    } catch (e) {
      expect((e as InputError).code).toBe('ChromiumNotFound')
      expect((e as InputError).hint).toMatch(/apt-get install chromium/)
      expect((e as InputError).hint).toMatch(/GUARDRAIL_CHROMIUM/)
    }
    const wrong = () => findChromium({ env: { GUARDRAIL_CHROMIUM: '/nonexistent/chrome' } })
    expect(wrong).toThrow(/GUARDRAIL_CHROMIUM=\/nonexistent\/chrome is not an executable/)
  })

  it('refuses before launching anything when no Chromium is found', async () => {
    await expect(renderPdf('<p>x</p>', join(tmpdir(), 'never.pdf'), { env: {}, candidates: [] })).rejects.toMatchObject({ code: 'ChromiumNotFound' })
  })
})
