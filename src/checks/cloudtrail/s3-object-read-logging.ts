import { z } from 'zod'
import { defineCheck } from '../define.js'
import { judgeS3ObjectLogging } from '../lib/trail-verdicts.js'

export default defineCheck({
  id: 'cloudtrail.s3-object-read-logging',
  title: 'S3 object-level read events are logged for every bucket',
  description:
    'At least one multi-region, logging trail that applies to the account logs S3 data events of type AWS::S3::Object for all buckets, read events included (CIS 3.9): a basic selector whose DataResources value is arn:aws:s3 (or arn:aws:s3:::) with ReadWriteType ReadOnly or All, or an advanced selector with eventCategory Data and resources.type AWS::S3::Object, no restriction on resources.ARN, eventName or other fields, and a readOnly condition that lets read events through. Selectors limited to some buckets do not count.',
  rationale:
    'Management events do not record who read an object (GetObject). Without object-level logging, data read out of a bucket leaves no trace to investigate (CIS 3.9).',
  remediation:
    'Add S3 data events for all buckets to the multi-region trail: `aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors \'[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"S3 object events","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]\'` (keep the management events selector: put-event-selectors replaces all selectors). Data events are billed per event.',
  scope: 'account',
  requires: [],
  acrossRegions: ['cloudtrail.trails'],
  options: z.strictObject({}),
  evaluate(input, ctx) {
    judgeS3ObjectLogging(input, ctx, 'read')
  },
})
