// Dates people write in YAML (attestations, SoA, access review decisions): ISO calendar dates, where
// 2026-02-30 is refused rather than rolled over to March, and free text that must say something.
import { z } from 'zod'

export const isoCalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number]
    const date = new Date(Date.UTC(y, m - 1, d))
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  }, 'not a real calendar date')

export const nonEmptyText = z.string().trim().min(1, 'must not be empty')
