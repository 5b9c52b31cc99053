// Table test for config.recorder (each case names the verdict it expects).
import check from '../../../src/checks/config/recorder.js'
import type { ConfigRecorder } from '../../../src/snapshot/detection.js'
import { denied, ok, snapshot, unreadable } from '../../support/builders.js'
import type { Readable } from '../../../src/snapshot/readable.js'
import { checkCases } from '../../support/check-cases.js'
import { ACCOUNT_ARN, OTHER_REGION, REGION, accountInRegions, inRegion, recorder, says } from '../../support/detection-fixtures.js'

const recorders = (...r: ConfigRecorder[]) => ({ 'config.recorders': ok(r) })
/** eu-west-1 and us-east-1 with the given recorders. */
const twoRegions = (here: Readable<ConfigRecorder[]>, there: Readable<ConfigRecorder[]>) => snapshot(accountInRegions({ [REGION]: { 'config.recorders': here }, [OTHER_REGION]: { 'config.recorders': there } }))
const withoutGlobal = recorder({ includeGlobalResourceTypes: false })

checkCases(check, {
  pass: [
    { name: 'one region recording everything, global types included', snapshot: inRegion(recorders(recorder())), expect: [{ resource: ACCOUNT_ARN, region: REGION }] },
    {
      name: 'global types recorded in one region, the other region records the rest',
      snapshot: twoRegions(ok([recorder()]), ok([withoutGlobal])),
      expect: [
        { region: REGION, message: says('recorded in this region only') },
        { region: OTHER_REGION, message: says(`global resource types are recorded in ${REGION}`) },
      ],
    },
    { name: 'the ALL_SUPPORTED_RESOURCE_TYPES strategy counts as all supported', snapshot: inRegion(recorders(recorder({ allSupported: false, recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES' }))) },
    { name: "a service-linked recorder beside the customer's is ignored", snapshot: inRegion(recorders(recorder(), recorder({ name: 'AWSConfigurationRecorderForSecurityHub', servicePrincipal: 'securityhub.amazonaws.com', recordingScope: 'INTERNAL', includeGlobalResourceTypes: false }))) },
    { name: 'a last status of Pending (first run) is not a failure', snapshot: inRegion(recorders(recorder({ lastStatus: 'Pending' }))) },
  ],
  fail: [
    { name: 'a region with nothing enabled (no recorder)', snapshot: inRegion(recorders()), expect: [{ resource: ACCOUNT_ARN, region: REGION, message: `No AWS Config recorder in ${REGION}` }] },
    {
      name: 'a region with nothing enabled beside a region that records everything',
      snapshot: twoRegions(ok([]), ok([recorder()])),
      expect: [{ region: REGION, message: `No AWS Config recorder in ${REGION}` }],
    },
    {
      name: 'only a service-linked recorder',
      snapshot: inRegion(recorders(recorder({ name: 'linked', servicePrincipal: 'securityhub.amazonaws.com', recordingScope: 'INTERNAL' }))),
      expect: [{ message: `No AWS Config recorder in ${REGION} (only service-linked recorders: securityhub.amazonaws.com)` }],
    },
    { name: 'a stopped recorder', snapshot: inRegion(recorders(recorder({ recording: false }))), expect: [{ message: says('is not recording') }] },
    { name: 'the last run failed', snapshot: inRegion(recorders(recorder({ status: ok({ recording: true, lastStatus: 'Failure', lastErrorCode: 'AccessDenied' }) }))), expect: [{ message: says('failed its last run (AccessDenied)') }] },
    {
      name: 'an inclusion list of resource types',
      snapshot: inRegion(recorders(recorder({ allSupported: false, includeGlobalResourceTypes: false, recordingStrategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::EC2::Instance'] }))),
      expect: [{ message: says('records only 1 selected resource type(s)') }],
    },
    {
      name: 'an exclusion list',
      snapshot: inRegion(recorders(recorder({ allSupported: false, recordingStrategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::EC2::Instance'] }))),
      expect: [{ message: says('excludes resource types AWS::EC2::Instance') }],
    },
    {
      name: 'global types recorded in two regions: both regions fail',
      snapshot: twoRegions(ok([recorder()]), ok([recorder()])),
      expect: [
        { region: REGION, message: says(`as ${OTHER_REGION} also does`) },
        { region: OTHER_REGION, message: says(`as ${REGION} also does`) },
      ],
    },
    {
      name: 'global types recorded in no region: every region says so',
      snapshot: twoRegions(ok([withoutGlobal]), ok([withoutGlobal])),
      expect: [
        { region: REGION, message: says('no other scanned region does') },
        { region: OTHER_REGION, message: says('no other scanned region does') },
      ],
    },
    {
      name: 'a stopped recorder with global types does not record them for the account',
      snapshot: twoRegions(ok([recorder({ recording: false })]), ok([withoutGlobal])),
      expect: [{ region: REGION }, { region: OTHER_REGION, message: says('no other scanned region does') }],
    },
  ],
  error: [
    { name: 'DescribeConfigurationRecorders denied', snapshot: inRegion({ 'config.recorders': denied('config:DescribeConfigurationRecorders') as Readable<ConfigRecorder[]> }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'the recorder status could not be read',
      snapshot: inRegion(recorders(recorder({ status: unreadable({ code: 'ThrottlingException', message: 'Rate exceeded', operation: 'config:DescribeConfigurationRecorderStatus' }) }))),
      expect: [{ errorCode: 'ThrottlingException', region: REGION }],
    },
    {
      name: 'no readable region records global types and another region is unreadable: that region might',
      snapshot: twoRegions(ok([withoutGlobal]), denied('config:DescribeConfigurationRecorders') as Readable<ConfigRecorder[]>),
      expect: [{ region: REGION, errorCode: 'AccessDenied' }, { region: OTHER_REGION, errorCode: 'AccessDenied' }],
    },
    {
      name: 'this region records global types and another region is unreadable: it might too',
      snapshot: twoRegions(ok([recorder()]), denied('config:DescribeConfigurationRecorders') as Readable<ConfigRecorder[]>),
      expect: [{ region: REGION, errorCode: 'AccessDenied' }],
    },
  ],
})
