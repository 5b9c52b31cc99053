// Table test for cloudtrail.s3-object-write-logging: a multi-region, logging trail logs S3 object
// write events for all buckets (basic or advanced selectors).
import { expect } from 'vitest'
import check from '../../../src/checks/cloudtrail/s3-object-write-logging.js'
import { checkCases } from '../../support/check-cases.js'
import { MANAGEMENT_ID, MEMBER_ID, OTHER_REGION, REGION, accountArn, accountWithTrails, advanced, basic, denied, orgTrail, orgWithTrails, trail, withTrails } from './support.js'

const management = { field: 'eventCategory', equals: ['Management'] }
const data = { field: 'eventCategory', equals: ['Data'] }
const s3Objects = { field: 'resources.type', equals: ['AWS::S3::Object'] }
const allBuckets = (readWriteType: string, values = ['arn:aws:s3']) => basic({ readWriteType, dataResources: [{ type: 'AWS::S3::Object', values }] })

checkCases(check, {
  pass: [
    { name: "basic 'arn:aws:s3' with ReadWriteType All", snapshot: withTrails({ [REGION]: [trail('main', { selectors: allBuckets('All') })] }), expect: [{ resource: accountArn(), message: expect.stringContaining("'main'") }] },
    { name: "basic 'arn:aws:s3:::' with WriteOnly", snapshot: withTrails({ [REGION]: [trail('main', { selectors: allBuckets('WriteOnly', ['arn:aws:s3:::']) })] }) },
    { name: 'advanced Data + AWS::S3::Object beside a management selector', snapshot: withTrails({ [REGION]: [trail('main', { selectors: advanced([management], [data, s3Objects]) })] }) },
    { name: 'advanced with readOnly false', snapshot: withTrails({ [REGION]: [trail('main', { selectors: advanced([data, s3Objects, { field: 'readOnly', equals: ['false'] }]) })] }) },
    {
      name: 'a member covered only by an organization trail',
      snapshot: orgWithTrails([orgTrail('org-trail', { selectors: allBuckets('All') })], [accountWithTrails({ [REGION]: [] }, MEMBER_ID)]),
      expect: [{ accountId: MEMBER_ID, message: expect.stringContaining(`account ${MANAGEMENT_ID}, organization trail`) }],
    },
  ],
  fail: [
    { name: 'no trail at all', snapshot: withTrails({ [REGION]: [], [OTHER_REGION]: [] }), expect: [{ resource: accountArn(), message: expect.stringContaining('No CloudTrail trail applies') }] },
    { name: 'management events only', snapshot: withTrails({ [REGION]: [trail('main')] }), expect: [{ message: expect.stringContaining('neither read nor write S3 object events') }] },
    { name: 'ReadOnly only', snapshot: withTrails({ [REGION]: [trail('main', { selectors: allBuckets('ReadOnly') })] }) },
    { name: 'advanced readOnly true only', snapshot: withTrails({ [REGION]: [trail('main', { selectors: advanced([data, s3Objects, { field: 'readOnly', equals: ['true'] }]) })] }) },
    { name: 'one bucket only', snapshot: withTrails({ [REGION]: [trail('main', { selectors: allBuckets('All', ['arn:aws:s3:::important-bucket/']) })] }) },
    { name: 'advanced limited to one bucket', snapshot: withTrails({ [REGION]: [trail('main', { selectors: advanced([data, s3Objects, { field: 'resources.ARN', startsWith: ['arn:aws:s3:::important-bucket/'] }]) })] }) },
    { name: 'a single-region trail logging every bucket', snapshot: withTrails({ [REGION]: [trail('local', { isMultiRegion: false, selectors: allBuckets('All') })] }), expect: [{ message: expect.stringContaining('single-region') }] },
    { name: 'a trail that exists but does not log', snapshot: withTrails({ [REGION]: [trail('main', { logging: false, selectors: allBuckets('All') })] }), expect: [{ message: expect.stringContaining('not logging') }] },
  ],
  error: [
    { name: 'selectors unreadable', snapshot: withTrails({ [REGION]: [trail('main', { selectors: denied('cloudtrail:GetEventSelectors') })] }), expect: [{ errorCode: 'AccessDenied' }] },
    { name: 'a region unreadable and nothing passes elsewhere', snapshot: withTrails({ [REGION]: [trail('main')], [OTHER_REGION]: denied('cloudtrail:DescribeTrails') }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})
