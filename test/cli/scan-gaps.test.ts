// What an organization scan could not cover is said after the summary table, in words, with the
// retry command: accounts not scanned at all, accounts to retry, ids Organizations listed that are not
// account ids. Silence when there is nothing to say.
import { describe, expect, it } from 'vitest'
import { renderScanGaps } from '../../src/cli/org-scan.js'

const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i))

describe('renderScanGaps', () => {
  it('says nothing for a complete scan', () => {
    expect(renderScanGaps({ accounts: 6, inaccessibleAccounts: [], retryableAccounts: [], rejectedAccounts: [] })).toBe('')
  })

  it('counts the accounts that could not be scanned at all, and names the ones --resume retries', () => {
    const text = renderScanGaps({ accounts: 6, inaccessibleAccounts: ids(4), retryableAccounts: ids(4), rejectedAccounts: [] })
    expect(text).toMatch(/^WARNING: 4 of 6 account\(s\) could not be scanned at all: 100000000000, 100000000001, 100000000002, 100000000003 /m)
    expect(text).toMatch(/^WARNING: 4 account\(s\) failed for a reason that may pass .* Run the same command with --resume to scan just those again\.$/m)
  })

  it('lists at most five ids, then how many more', () => {
    const text = renderScanGaps({ accounts: 20000, inaccessibleAccounts: ids(12000), retryableAccounts: [], rejectedAccounts: [] })
    expect(text).toContain('100000000004 … and 11995 more')
    expect(text.length).toBeLessThan(400)
  })

  it('reports ids Organizations listed that are not account ids, as the JSON-quoted text kept for them', () => {
    const text = renderScanGaps({ accounts: 1, inaccessibleAccounts: [], retryableAccounts: [], rejectedAccounts: [{ id: '"../../x"', parentId: 'r-1', reason: 'an AWS account id is 12 digits' }] })
    expect(text).toContain('1 account(s) whose id is not a 12-digit account id; they were not scanned: "../../x"')
  })
})
