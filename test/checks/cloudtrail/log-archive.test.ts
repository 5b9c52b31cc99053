// Table test for cloudtrail.log-archive (organization scope): every scanned account's applying
// trails deliver to a bucket that a configured log archive account owns.
import { describe, expect, it } from 'vitest'
import check from '../../../src/checks/cloudtrail/log-archive.js'
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../../../src/rules/schema.js'
import { checkCases, runCheck } from '../../support/check-cases.js'
import {
  LOG_ARCHIVE_ID,
  MANAGEMENT_ID,
  MEMBER_ID,
  OTHER_REGION,
  REGION,
  accountArn,
  accountWithTrails,
  bucket,
  denied,
  ok,
  orgTrail,
  orgWithTrails,
  trail,
  trailArn,
} from './support.js'

const ARCHIVE_BUCKET = 'org-archive-bucket'
const settings: OrgSettings = { ...DEFAULT_ORG_SETTINGS, logArchiveAccounts: [LOG_ARCHIVE_ID] }
const archive = (buckets = ok([bucket(ARCHIVE_BUCKET), bucket('access-logs')])) => accountWithTrails({ [REGION]: [] }, LOG_ARCHIVE_ID, buckets)
const management = (bucketName = ARCHIVE_BUCKET) => accountWithTrails({ [REGION]: [orgTrail('org-trail', { s3BucketName: bucketName })] }, MANAGEMENT_ID, ok([]))
const member = (trails = [] as ReturnType<typeof trail>[], buckets = ok([bucket('member-local-logs')])) => accountWithTrails({ [REGION]: trails }, MEMBER_ID, buckets)
const organization = (accounts = [management(), member(), archive()], trails = [orgTrail('org-trail', { s3BucketName: ARCHIVE_BUCKET })]) => orgWithTrails(trails, accounts)
const orgTrailArn = trailArn('org-trail', MANAGEMENT_ID)

checkCases(check, {
  pass: [
    {
      name: 'the organization trail delivers to the log archive: every account passes, members covered only by it included',
      snapshot: organization(),
      settings,
      expect: [
        { accountId: MANAGEMENT_ID, resource: orgTrailArn },
        { accountId: MEMBER_ID, resource: orgTrailArn, message: expect.stringContaining(`in log archive account ${LOG_ARCHIVE_ID}`), evidence: expect.objectContaining({ via: 'organization', trailAccount: MANAGEMENT_ID, bucket: ARCHIVE_BUCKET }) },
        { accountId: LOG_ARCHIVE_ID, resource: orgTrailArn },
      ],
    },
    {
      name: "a member's own trail delivering to the log archive bucket",
      snapshot: organization([management(), member([trail('own', { accountId: MEMBER_ID, s3BucketName: ARCHIVE_BUCKET })]), archive()]),
      settings,
      expect: [{ accountId: MEMBER_ID, resource: trailArn('own', MEMBER_ID) }],
    },
  ],
  fail: [
    { name: 'no log archive configured: one failure naming the config key', snapshot: organization(), settings: DEFAULT_ORG_SETTINGS, expect: [{ accountId: MANAGEMENT_ID, resource: accountArn(MANAGEMENT_ID), message: expect.stringContaining('organization.logArchiveAccounts') }] },
    {
      name: "a member's own trail delivering to a bucket in the member itself",
      snapshot: organization([management(), member([trail('own', { accountId: MEMBER_ID, s3BucketName: 'member-local-logs' })]), archive()]),
      settings,
      expect: [{ accountId: MEMBER_ID, resource: trailArn('own', MEMBER_ID), message: expect.stringContaining(`in account ${MEMBER_ID} itself`), evidence: expect.objectContaining({ bucketAccount: MEMBER_ID }) }],
    },
    {
      name: 'the organization trail delivering to a bucket no log archive owns fails in every account',
      snapshot: organization([management('somewhere-else'), member(), archive()], [orgTrail('org-trail', { s3BucketName: 'somewhere-else' })]),
      settings,
      expect: [
        { accountId: MANAGEMENT_ID, resource: orgTrailArn },
        { accountId: MEMBER_ID, resource: orgTrailArn, message: expect.stringContaining('which no log archive account') },
        { accountId: LOG_ARCHIVE_ID, resource: orgTrailArn },
      ],
    },
  ],
  not_applicable: [
    { name: 'no account has a trail, and there is no organization trail', snapshot: orgWithTrails([], [accountWithTrails({ [REGION]: [] }, MANAGEMENT_ID), member(), archive()]), settings, expect: [{ accountId: MEMBER_ID, message: expect.stringContaining('cloudtrail.multi-region') }] },
  ],
  error: [
    { name: "the log archive's bucket list is unreadable", snapshot: organization([management(), member(), archive(denied('s3:ListBuckets'))]), settings, expect: [{ accountId: MEMBER_ID, errorCode: 'AccessDenied', message: expect.stringContaining(LOG_ARCHIVE_ID) }] },
    { name: 'the log archive account was not scanned', snapshot: organization([management(), member()]), settings, expect: [{ accountId: MEMBER_ID, errorCode: 'NotCollected' }] },
  ],
})

describe('cloudtrail.log-archive per account', () => {
  it('judges each account on its own trails plus the organization trail, one finding per trail', () => {
    const snap = organization([management(), member([trail('own', { accountId: MEMBER_ID, s3BucketName: 'member-local-logs' })]), archive()])
    const findings = runCheck(check, snap, undefined, undefined, settings)
    expect(findings.filter((f) => f.accountId === MEMBER_ID).map((f) => [f.resource, f.status])).toEqual([
      [orgTrailArn, 'pass'],
      [trailArn('own', MEMBER_ID), 'fail'],
    ])
  })

  const memberFindings = (snap: ReturnType<typeof organization>) => runCheck(check, snap, undefined, undefined, settings).filter((f) => f.accountId === MEMBER_ID).map((f) => [f.resource, f.status, f.errorCode])

  it("a region of a member's trails is unreadable: an error for that region, the organization trail still judged", () => {
    const snap = organization([management(), accountWithTrails({ [REGION]: [], [OTHER_REGION]: denied('cloudtrail:DescribeTrails') }, MEMBER_ID, ok([])), archive()])
    expect(memberFindings(snap)).toEqual([
      [orgTrailArn, 'pass', undefined],
      [`arn:aws:cloudtrail:${OTHER_REGION}:${MEMBER_ID}:trail/*`, 'error', 'AccessDenied'],
    ])
  })

  it('an account that could not be entered: one error with the access code, nothing else for it', () => {
    const m = member()
    m.access = denied('sts:AssumeRole')
    expect(memberFindings(organization([management(), m, archive()]))).toEqual([[accountArn(MEMBER_ID), 'error', 'AccessDenied']])
  })

  it('is skipped in a single-account scan (no organization view)', () => {
    const findings = runCheck(check, { ...organization(), organization: undefined }, undefined, undefined, settings)
    expect(findings).toEqual([])
  })
})
