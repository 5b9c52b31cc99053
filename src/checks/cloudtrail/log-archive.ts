import { z } from 'zod'
import type { AwsError } from '../../snapshot/readable.js'
import { describeAwsError } from '../../snapshot/readable.js'
import { defineCheck } from '../define.js'
import { emitPerTrail, trailLabel } from '../lib/trail-verdicts.js'
import { trailsOfMember } from '../lib/trails.js'

const CONFIG_KEY = 'organization.logArchiveAccounts'

export default defineCheck({
  id: 'cloudtrail.log-archive',
  title: 'Trails deliver to a bucket in the log archive account',
  description: `For every scanned account, every trail that applies to it (its own, and organization trails covering it) delivers to an S3 bucket that one of the log archive accounts (${CONFIG_KEY} in guardrail.config.yaml) owns, as its ListBuckets shows. A bucket in the account itself, or in any other account, fails.`,
  rationale:
    'Logs kept in the account that produced them can be erased by whoever controls that account; delivered to a dedicated log archive account that few people can enter, they survive the compromise they are meant to reveal.',
  remediation: `Name the log archive account under ${CONFIG_KEY}; create the bucket there (with a bucket policy that lets cloudtrail.amazonaws.com write for the organization), then \`aws cloudtrail update-trail --name <trail> --s3-bucket-name <log-archive-bucket>\` — or replace per-account trails with one organization trail delivering there.`,
  scope: 'organization',
  requires: ['organization'],
  fromMembers: ['cloudtrail.trails', 's3.buckets'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    const archives = ctx.settings.logArchiveAccounts
    if (archives.length === 0) {
      ctx.fail(ctx.accountArn, `No log archive account is configured, so no trail can be shown to deliver to one. Name it in guardrail.config.yaml under ${CONFIG_KEY}.`)
      return
    }
    // Which log archive holds each bucket, and which archives' bucket lists could not be read.
    const archiveOf = new Map<string, string>()
    const unreadableArchives: { accountId: string; error: AwsError }[] = []
    for (const archive of archives) {
      const buckets = ctx.readMember(archive, 's3.buckets')
      if (buckets.kind === 'unreadable') unreadableArchives.push({ accountId: archive, error: buckets.error })
      else for (const b of buckets.value) archiveOf.set(b.name, archive)
    }

    for (const account of input.snapshot.accounts) {
      const actx = ctx.forAccount(account.accountId)
      if (account.access.kind === 'unreadable') {
        actx.error(actx.accountArn, `The account could not be scanned, so its trails are unknown: ${describeAwsError(account.access.error)}`, account.access.error.code)
        continue
      }
      const ownBuckets = ctx.readMember(account.accountId, 's3.buckets')
      const ownsBucket = (name: string) => ownBuckets.kind === 'ok' && ownBuckets.value.some((b) => b.name === name)
      emitPerTrail(actx, trailsOfMember(input, ctx, account), (applied) => {
        const label = `Trail ${trailLabel(applied)}`
        const bucket = applied.trail.s3BucketName
        if (!bucket) return { status: 'fail', message: `${label} names no S3 bucket`, evidence: { bucket: null, logArchiveAccounts: archives } }
        const archive = archiveOf.get(bucket)
        const evidence = { bucket, bucketAccount: archive ?? (ownsBucket(bucket) ? account.accountId : null), logArchiveAccounts: archives }
        if (archive) return { status: 'pass', message: `${label} delivers to bucket ${bucket} in log archive account ${archive}`, evidence }
        if (unreadableArchives.length > 0) {
          const first = unreadableArchives[0]!
          const message = `${label} delivers to bucket ${bucket}, which is not among the readable log archive buckets; the bucket list of ${unreadableArchives.map((u) => u.accountId).join(', ')} could not be read: ${describeAwsError(first.error)}`
          return { status: 'error', message, code: first.error.code }
        }
        if (ownsBucket(bucket)) return { status: 'fail', message: `${label} delivers to bucket ${bucket} in account ${account.accountId} itself, not in the log archive (${archives.join(', ')})`, evidence }
        return { status: 'fail', message: `${label} delivers to bucket ${bucket}, which no log archive account (${archives.join(', ')}) owns`, evidence }
      })
    }
  },
})
