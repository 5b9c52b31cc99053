import { z } from 'zod'
import type { ConfigRecorder } from '../../snapshot/detection.js'
import { describeAwsError, type AwsError } from '../../snapshot/readable.js'
import { defineCheck } from '../define.js'

/** The customer's own recorder: not one another AWS service keeps for itself (service-linked, INTERNAL scope). */
const isCustomerRecorder = (r: ConfigRecorder) => r.servicePrincipal === undefined && r.recordingScope !== 'INTERNAL'
const recordsAllTypes = (r: ConfigRecorder) => (r.allSupported || r.recordingStrategy === 'ALL_SUPPORTED_RESOURCE_TYPES') && r.excludedResourceTypes.length === 0
const failedLastRun = (r: ConfigRecorder) => r.status.kind === 'ok' && r.status.value.lastStatus?.toUpperCase() === 'FAILURE'

type GlobalRecording = { region: string; state: 'yes' | 'no' } | { region: string; state: 'unknown'; error: AwsError }

/** Whether a region's recorders record the global resource types (IAM) right now, as far as can be read. */
function globalRecordingIn(region: string, recorders: ConfigRecorder[]): GlobalRecording {
  const candidate = recorders.find((r) => isCustomerRecorder(r) && recordsAllTypes(r) && r.includeGlobalResourceTypes)
  if (!candidate) return { region, state: 'no' }
  if (candidate.status.kind === 'unreadable') return { region, state: 'unknown', error: candidate.status.error }
  return { region, state: candidate.status.value.recording ? 'yes' : 'no' }
}

export default defineCheck({
  id: 'config.recorder',
  title: 'AWS Config records every resource type, and global ones in exactly one region',
  description:
    'The region has a customer configuration recorder that records all supported resource types (allSupported, or the ALL_SUPPORTED_RESOURCE_TYPES strategy, with no exclusions), is recording, and whose last run did not fail. Global resource types (IAM users, groups, roles, policies) are recorded in exactly one scanned region of the account: none means IAM changes go unrecorded, more than one records (and bills) every IAM change several times. Service-linked recorders kept by other AWS services do not count.',
  rationale:
    'AWS Config is the configuration history an investigation or an audit asks for ("what did this security group look like last Tuesday, who changed it"); a region without a recording recorder is a region whose changes leave no record (CIS 3.3).',
  remediation:
    'In each region: `aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=arn:aws:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig --recording-group allSupported=true,includeGlobalResourceTypes=<true in one region only>`, a delivery channel, then `aws configservice start-configuration-recorder --configuration-recorder-name default`. Across an organization, deploy it with a CloudFormation StackSet or AWS Control Tower.',
  scope: 'region',
  requires: ['config.recorders'],
  acrossRegions: ['config.recorders'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const all = ctx.read('config.recorders')
    const recorders = all.filter(isCustomerRecorder)
    const serviceLinked = all.filter((r) => !isCustomerRecorder(r)).map((r) => r.servicePrincipal ?? r.name)
    if (recorders.length === 0) {
      const linked = serviceLinked.length > 0 ? ` (only service-linked recorders: ${serviceLinked.join(', ')})` : ''
      ctx.fail(ctx.accountArn, `No AWS Config recorder in ${ctx.region}${linked}`, { evidence: { region: ctx.region, recorders: [], serviceLinkedRecorders: serviceLinked } })
      return
    }
    // AWS allows one customer recorder per region.
    const recorder = recorders[0]!
    const status = recorder.status.kind === 'ok' ? recorder.status.value : undefined
    const evidence: Record<string, unknown> = {
      region: ctx.region,
      recorder: recorder.name,
      allSupported: recorder.allSupported,
      recordingStrategy: recorder.recordingStrategy ?? null,
      excludedResourceTypes: recorder.excludedResourceTypes,
      includeGlobalResourceTypes: recorder.includeGlobalResourceTypes,
      recording: status?.recording ?? null,
      lastStatus: status?.lastStatus ?? null,
      lastErrorCode: status?.lastErrorCode ?? null,
    }

    const problems: string[] = []
    const undecided: AwsError[] = []
    if (recorder.excludedResourceTypes.length > 0) problems.push(`excludes resource types ${recorder.excludedResourceTypes.join(', ')}`)
    else if (!recordsAllTypes(recorder)) problems.push(`records only ${recorder.resourceTypes.length} selected resource type(s), not all supported types`)
    if (recorder.status.kind === 'unreadable') undecided.push(recorder.status.error)
    else {
      if (!recorder.status.value.recording) problems.push('is not recording')
      if (failedLastRun(recorder)) problems.push(`failed its last run${recorder.status.value.lastErrorCode ? ` (${recorder.status.value.lastErrorCode})` : ''}`)
    }

    // Global resource types: exactly one region of the account records them. A region whose
    // recorders could not be read might be that one (or a second one), so it leaves the question open.
    const regions = ctx.readAllRegions('config.recorders').map((reading): GlobalRecording =>
      reading.slice.kind === 'ok' ? globalRecordingIn(reading.region, reading.slice.value) : { region: reading.region, state: 'unknown', error: reading.slice.error },
    )
    const self = globalRecordingIn(ctx.region, all)
    const others = regions.filter((g) => g.region !== ctx.region)
    const othersRecording = others.filter((g) => g.state === 'yes').map((g) => g.region)
    const othersUnknown = others.filter((g): g is Extract<GlobalRecording, { state: 'unknown' }> => g.state === 'unknown')
    evidence.globalResourceTypesRecordedIn = regions.filter((g) => g.state === 'yes').map((g) => g.region)
    if (othersUnknown.length > 0) evidence.regionsNotReadable = othersUnknown.map((g) => g.region)
    if (self.state === 'yes') {
      if (othersRecording.length > 0) problems.push(`records global resource types, as ${othersRecording.join(', ')} also does (keep them in exactly one region)`)
      else if (othersUnknown.length > 0) undecided.push(othersUnknown[0]!.error)
    } else if (self.state === 'no' && othersRecording.length === 0) {
      if (othersUnknown.length > 0) undecided.push(othersUnknown[0]!.error)
      else problems.push('does not record global resource types (IAM), and no other scanned region does (turn on includeGlobalResourceTypes in exactly one region)')
    }
    // self 'unknown': its status is unreadable, already undecided above.

    if (problems.length > 0) ctx.fail(ctx.accountArn, `The AWS Config recorder ${recorder.name} in ${ctx.region} ${problems.join('; ')}`, { evidence })
    else if (undecided.length > 0) {
      const e = undecided[0]!
      ctx.error(ctx.accountArn, `Could not decide the AWS Config recorder ${recorder.name} in ${ctx.region}: ${describeAwsError(e)}`, e.code)
    } else {
      const global = self.state === 'yes' ? 'including global resource types (recorded in this region only)' : `global resource types are recorded in ${othersRecording.join(', ')}`
      ctx.pass(ctx.accountArn, `The AWS Config recorder ${recorder.name} in ${ctx.region} records all resource types and is recording; ${global}`, { evidence })
    }
  },
})
