// Table test for ec2.imdsv2-required (each case names the verdict it expects).
import check_imds from '../../../src/checks/ec2/imdsv2-required.js'
import type { Instance } from '../../../src/snapshot/ec2.js'
import { ok, type Readable } from '../../../src/snapshot/schema.js'
import { denied } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { arn, inRegion } from './support.js'

// ---- IMDSv2 --------------------------------------------------------------------------------------
const instance = (id: string, opts: Partial<Instance> = {}): Instance => ({ instanceId: id, arn: arn('instance', id), state: 'running', tags: {}, ...opts })
const instances = (...list: Instance[]) => inRegion({ 'ec2.instances': ok(list) })

checkCases(check_imds, {
  pass: [
    { name: 'tokens required', snapshot: instances(instance('i-1', { httpTokens: 'required', httpEndpoint: 'enabled' })), expect: [{ resource: arn('instance', 'i-1') }] },
    { name: 'metadata endpoint disabled (tokens optional does not matter then)', snapshot: instances(instance('i-2', { httpTokens: 'optional', httpEndpoint: 'disabled' })) },
  ],
  fail: [
    { name: 'IMDSv1 allowed on a running instance', snapshot: instances(instance('i-3', { httpTokens: 'optional', httpEndpoint: 'enabled' })), expect: [{ resource: arn('instance', 'i-3') }] },
    { name: 'a stopped instance counts too (it starts with the same options)', snapshot: instances(instance('i-4', { state: 'stopped', httpTokens: 'optional' })), expect: [{ resource: arn('instance', 'i-4') }] },
    { name: 'only the IMDSv1 instance fails among several', snapshot: instances(instance('i-5', { httpTokens: 'required' }), instance('i-6', { httpTokens: 'optional' })), expect: [{ resource: arn('instance', 'i-6') }] },
  ],
  not_applicable: [{ name: 'no instances', snapshot: instances() }],
  error: [
    { name: 'metadata options not reported', snapshot: instances(instance('i-7')), expect: [{ errorCode: 'MetadataOptionsMissing', resource: arn('instance', 'i-7') }] },
    { name: 'DescribeInstances denied', snapshot: inRegion({ 'ec2.instances': denied('ec2:DescribeInstances') as Readable<Instance[]> }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})

