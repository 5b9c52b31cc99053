import { z } from 'zod'
import { defineCheck } from '../define.js'
import { judgeEachTrail, trailLabel } from '../lib/trail-verdicts.js'

export default defineCheck({
  id: 'cloudtrail.log-validation',
  title: 'Trails validate their log files',
  description: 'Every trail that applies to the account (its own, and organization trails covering it) has log file integrity validation enabled (LogFileValidationEnabled), so CloudTrail signs an hourly digest of the files it delivered.',
  rationale: 'Without digests nobody can prove that a log file was not altered or deleted after delivery; with them, `aws cloudtrail validate-logs` detects any change, which is what makes the logs usable as evidence (CIS 3.2).',
  remediation: 'Turn it on for each failing trail, in its home region and owning account: `aws cloudtrail update-trail --name <trail> --enable-log-file-validation`.',
  scope: 'account',
  remediationId: 'cloudtrail-enable-log-file-validation',
  requires: [],
  acrossRegions: ['cloudtrail.trails'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    judgeEachTrail(input, ctx, (applied) => {
      const evidence = { logFileValidation: applied.trail.logFileValidation }
      return applied.trail.logFileValidation
        ? { status: 'pass', message: `Trail ${trailLabel(applied)} validates its log files`, evidence }
        : { status: 'fail', message: `Trail ${trailLabel(applied)} has log file validation turned off`, evidence }
    })
  },
})
