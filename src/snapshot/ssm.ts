// Shapes of the Systems Manager slices (regional). SDK-free so checks can import the types.
import { z } from 'zod'
import { defineSlices } from './slice-spec.js'

/** The document Session Manager keeps a region's preferences in (named by AWS). */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell'

/**
 * The Session Manager preferences of a region: the `SSM-SessionManagerRunShell` document's inputs.
 * Without that document the region runs on Session Manager's defaults (no logging, no Run As,
 * 20-minute idle timeout, no maximum duration): `documentExists: false`, every setting absent.
 */
export const sessionPreferencesSchema = z.object({
  documentExists: z.boolean(),
  /**
   * Set when the document exists but its content is not the JSON Session Manager expects (a bounded
   * excerpt of why). Without `invalidInputs` the whole document could not be read; with it, only
   * the inputs named there (left out of the fields below) could not.
   */
  problem: z.string().optional(),
  /** Inputs present with a value Session Manager does not accept ("abc" minutes, a number for a bucket): not the same as unset. */
  invalidInputs: z.array(z.string()).optional(),
  s3BucketName: z.string().optional(),
  s3KeyPrefix: z.string().optional(),
  s3EncryptionEnabled: z.boolean().optional(),
  cloudWatchLogGroupName: z.string().optional(),
  cloudWatchEncryptionEnabled: z.boolean().optional(),
  cloudWatchStreamingEnabled: z.boolean().optional(),
  /** KMS key that encrypts the session data itself (kmsKeyId input). */
  kmsKeyId: z.string().optional(),
  runAsEnabled: z.boolean().optional(),
  runAsDefaultUser: z.string().optional(),
  /** Minutes, 1–60 (AWS's default is 20). */
  idleSessionTimeout: z.number().optional(),
  /** Minutes, 1–1440; absent: no maximum. */
  maxSessionDuration: z.number().optional(),
})
export type SessionPreferences = z.infer<typeof sessionPreferencesSchema>

/** DescribeInstanceInformation: instances the SSM agent has registered. */
export const managedInstanceSchema = z.object({
  instanceId: z.string(),
  /** Online | ConnectionLost | Inactive */
  pingStatus: z.string(),
  resourceType: z.string().optional(),
  platformType: z.string().optional(),
  agentVersion: z.string().optional(),
  lastPingDateTime: z.string().optional(),
})
export type ManagedInstance = z.infer<typeof managedInstanceSchema>

/** The last user-sync run on each instance (Run Command invocations of Guardrail-LinuxUserSync). */
export const userSyncResultSchema = z.object({
  instanceId: z.string(),
  commandId: z.string(),
  requestedAt: z.string(),
  /** Run Command status: Success | Failed | TimedOut | Cancelled | … */
  status: z.string(),
  /** The script's report, summarised; absent when the output was not a report. */
  summary: z
    .object({
      ok: z.boolean(),
      added: z.array(z.string()),
      updated: z.array(z.string()),
      removed: z.array(z.string()),
      failed: z.array(z.string()),
      conflicts: z.array(z.string()),
      refused: z.string().optional(),
      error: z.string().optional(),
    })
    .optional(),
})
export type UserSyncResult = z.infer<typeof userSyncResultSchema>

export const SSM_SLICES = defineSlices({
  'ssm.sessionPreferences': { scope: 'regional', schema: sessionPreferencesSchema },
  'ssm.managedInstances': { scope: 'regional', schema: z.array(managedInstanceSchema) },
  'ssm.userSyncResults': { scope: 'regional', schema: z.array(userSyncResultSchema) },
})
