// Readable<T>: either the data one AWS read returned, or why it could not be read. Lives in its own
// module (re-exported by schema.ts) so slice schemas in sibling files, such as organization.ts, can
// use it without an import cycle through schema.ts.
import { z } from 'zod'

export const awsErrorSchema = z.object({
  /** AWS error code (AccessDenied, Throttling, …) or an internal code (Timeout, ReportNotReady, …). */
  code: z.string(),
  message: z.string(),
  /** 'service:Operation' that failed, e.g. 'iam:GetCredentialReport'. */
  operation: z.string(),
  /** The failure may pass (network, throttling beyond retries, HTTP 5xx): --resume retries the account. */
  transient: z.boolean().optional(),
})
export type AwsError = z.infer<typeof awsErrorSchema>

export function readable<T extends z.ZodTypeAny>(value: T) {
  return z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ok'), value }),
    z.object({ kind: z.literal('unreadable'), error: awsErrorSchema }),
  ])
}
export type Readable<T> = { kind: 'ok'; value: T } | { kind: 'unreadable'; error: AwsError }

export const ok = <T>(value: T): Readable<T> => ({ kind: 'ok', value })
export const unreadable = <T = never>(error: AwsError): Readable<T> => ({ kind: 'unreadable', error })

/** The one wording of a failed read, for messages and findings: "iam:GetCredentialReport failed with AccessDenied: …". */
export function describeAwsError(error: AwsError): string {
  return `${error.operation} failed with ${error.code}: ${error.message}`
}
