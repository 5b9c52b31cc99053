// Table test for ssm.session-logging (each case names the verdict it expects).
import { expect } from 'vitest'
import check from '../../../src/checks/ssm/session-logging.js'
import type { SessionPreferences } from '../../../src/snapshot/ssm.js'
import { denied } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { DOCUMENT_ARN, inRegion, withoutPreferences, withPreferences } from './support.js'

checkCases(check, {
  pass: [
    {
      name: 'S3 and CloudWatch Logs, both with encryption required',
      snapshot: withPreferences({ s3BucketName: 'session-logs', s3EncryptionEnabled: true, cloudWatchLogGroupName: '/ssm/sessions', cloudWatchEncryptionEnabled: true }),
      expect: [{ resource: DOCUMENT_ARN, evidence: expect.objectContaining({ s3BucketName: 'session-logs', cloudWatchLogGroupName: '/ssm/sessions' }) }],
    },
    { name: 'CloudWatch Logs only, encrypted (S3 encryption flag irrelevant without a bucket)', snapshot: withPreferences({ cloudWatchLogGroupName: '/ssm/sessions', cloudWatchEncryptionEnabled: true, s3EncryptionEnabled: false }) },
    { name: 'S3 only, encrypted', snapshot: withPreferences({ s3BucketName: 'session-logs', s3EncryptionEnabled: true }) },
    {
      name: 'an invalid input the check does not need (the idle timeout) does not block the verdict',
      snapshot: withPreferences({ s3BucketName: 'session-logs', s3EncryptionEnabled: true, invalidInputs: ['idleSessionTimeout'], problem: 'inputs with values Session Manager does not accept: idleSessionTimeout="abc"' }),
    },
  ],
  fail: [
    { name: 'no preferences document: nothing is logged', snapshot: withoutPreferences(), expect: [{ resource: DOCUMENT_ARN, message: expect.stringContaining('not logged') }] },
    { name: 'preferences without any destination', snapshot: withPreferences({ idleSessionTimeout: 20, runAsEnabled: false }), expect: [{ resource: DOCUMENT_ARN, message: expect.stringContaining('neither to S3 nor to CloudWatch Logs') }] },
    {
      name: 'session preferences with logging but no encryption (both destinations named)',
      snapshot: withPreferences({ s3BucketName: 'session-logs', s3EncryptionEnabled: false, cloudWatchLogGroupName: '/ssm/sessions' }),
      expect: [{ resource: DOCUMENT_ARN, message: expect.stringMatching(/S3 bucket session-logs, CloudWatch Logs group \/ssm\/sessions$/) }],
    },
    {
      name: 'one destination encrypted, the other not: the unencrypted one is named',
      snapshot: withPreferences({ s3BucketName: 'session-logs', s3EncryptionEnabled: true, cloudWatchLogGroupName: '/ssm/sessions', cloudWatchEncryptionEnabled: false }),
      expect: [{ resource: DOCUMENT_ARN, message: expect.stringMatching(/encryption of: CloudWatch Logs group \/ssm\/sessions$/) }],
    },
  ],
  error: [
    { name: 'GetDocument denied', snapshot: inRegion({ 'ssm.sessionPreferences': denied('ssm:GetDocument') as never }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'document content is not JSON', snapshot: withPreferences({ problem: 'the document content is not valid JSON' }), expect: [{ resource: DOCUMENT_ARN, errorCode: 'SessionPreferencesMalformed' }] },
    {
      name: 'the encryption flag itself is unreadable: no pass, no fail',
      snapshot: withPreferences({ s3BucketName: 'session-logs', invalidInputs: ['s3EncryptionEnabled'], problem: 'inputs with values Session Manager does not accept: s3EncryptionEnabled="yes"' } as Omit<SessionPreferences, 'documentExists'>),
      expect: [{ resource: DOCUMENT_ARN, errorCode: 'SessionPreferencesMalformed' }],
    },
  ],
})
