// Whether the root user has MFA, from the two sources IAM offers. Shared by iam.root-mfa and
// iam.root-hardware-mfa so both read root's MFA the same way.
import type { CredentialReport } from '../../snapshot/schema.js'

export type RootMfa =
  | { known: false }
  | { known: true; active: boolean; source: string; evidence: Record<string, unknown> }

export function rootMfaStatus(report: CredentialReport, summary: Record<string, number>): RootMfa {
  const root = report.users.find((u) => u.isRoot)
  const summaryFlag = summary.AccountMFAEnabled
  // Stryker disable next-line ObjectLiteral: callers test !known, and an empty object's known (undefined) is as falsy as false
  if (!root && summaryFlag === undefined) return { known: false }
  const source = root
    ? summaryFlag === undefined
      ? 'credential report'
      : 'credential report + account summary'
    : 'account summary (no <root_account> row in the credential report)'
  const evidence: Record<string, unknown> = { source }
  if (root) evidence.credentialReportMfaActive = root.mfaActive
  if (summaryFlag !== undefined) evidence.accountSummaryAccountMFAEnabled = summaryFlag
  // The report may be up to four hours old and the summary is live: MFA counts only if no source denies it.
  const active = (root ? root.mfaActive : true) && (summaryFlag === undefined || summaryFlag > 0)
  return { known: true, active, source, evidence }
}

export const ROOT_MFA_UNKNOWN =
  'The credential report has no <root_account> row and GetAccountSummary has no AccountMFAEnabled: cannot tell whether root has MFA'
