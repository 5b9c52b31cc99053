import { z } from 'zod'
import { defineCheck } from '../define.js'
import { preferencesArn, preferencesEvidence, PREFERENCES_MALFORMED, unreadableInputs } from '../lib/session-preferences.js'

const LOGGING_INPUTS = ['s3BucketName', 's3KeyPrefix', 's3EncryptionEnabled', 'cloudWatchLogGroupName', 'cloudWatchEncryptionEnabled', 'cloudWatchStreamingEnabled'] as const

export default defineCheck({
  id: 'ssm.session-logging',
  title: 'Session Manager logs sessions, encrypted',
  description:
    "Reads the region's Session Manager preferences (the SSM-SessionManagerRunShell document). Passes when sessions are logged to an S3 bucket (s3BucketName) and/or a CloudWatch Logs group (cloudWatchLogGroupName) and every configured destination requires encryption (s3EncryptionEnabled, cloudWatchEncryptionEnabled). Fails when the document does not exist (Session Manager then logs nothing), when no destination is set, or when a destination is set without its encryption flag, naming it. A document whose content (or one of these inputs) cannot be read gives an error, never a pass.",
  rationale:
    'A session log is the record of what was typed on a server, replacing the SSH bastion\'s audit trail; without it an incident has no history. With the encryption flag on, Session Manager refuses to write to an unencrypted bucket or log group, so the transcripts, which can hold secrets typed at a prompt, never land in clear text.',
  remediation:
    'Systems Manager console → Session Manager → Preferences → Edit: under "CloudWatch logging" and/or "S3 logging" choose the destination and tick "Allow only encrypted CloudWatch log groups" / "Allow only encrypted S3 buckets". From the CLI: write the preferences JSON with inputs {"s3BucketName":"<bucket>","s3EncryptionEnabled":true,"cloudWatchLogGroupName":"<group>","cloudWatchEncryptionEnabled":true} and run `aws ssm update-document --name SSM-SessionManagerRunShell --content file://prefs.json --document-version \'$LATEST\'` (or `aws ssm create-document --name SSM-SessionManagerRunShell --document-type Session --content file://prefs.json` where it does not exist yet). The bucket needs default encryption and the log group a KMS key.',
  scope: 'region',
  requires: ['ssm.sessionPreferences'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const prefs = ctx.read('ssm.sessionPreferences')
    const resource = preferencesArn(ctx)
    const evidence = preferencesEvidence(prefs, LOGGING_INPUTS)
    if (!prefs.documentExists) {
      ctx.fail(resource, `No Session Manager preferences in ${ctx.region}: sessions are not logged`, { evidence })
      return
    }
    const unreadable = unreadableInputs(prefs, LOGGING_INPUTS)
    if (unreadable !== undefined) {
      ctx.error(resource, `The Session Manager preferences in ${ctx.region} cannot be read: ${unreadable}`, PREFERENCES_MALFORMED)
      return
    }
    const destinations = [
      ...(prefs.s3BucketName !== undefined ? [{ name: `S3 bucket ${prefs.s3BucketName}`, encrypted: prefs.s3EncryptionEnabled === true }] : []),
      ...(prefs.cloudWatchLogGroupName !== undefined ? [{ name: `CloudWatch Logs group ${prefs.cloudWatchLogGroupName}`, encrypted: prefs.cloudWatchEncryptionEnabled === true }] : []),
    ]
    if (destinations.length === 0) {
      ctx.fail(resource, `Session Manager in ${ctx.region} sends session logs neither to S3 nor to CloudWatch Logs`, { evidence })
      return
    }
    const unencrypted = destinations.filter((d) => !d.encrypted)
    if (unencrypted.length > 0) {
      ctx.fail(resource, `Session Manager in ${ctx.region} logs sessions without requiring encryption of: ${unencrypted.map((d) => d.name).join(', ')}`, { evidence })
      return
    }
    ctx.pass(resource, `Session Manager in ${ctx.region} logs sessions to ${destinations.map((d) => d.name).join(' and ')}, encryption required`, { evidence })
  },
})
