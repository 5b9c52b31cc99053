// Table test for ec2.vpc-flow-logs (each case names the verdict it expects).
import check_flow_logs from '../../../src/checks/ec2/vpc-flow-logs.js'
import type { FlowLog, Vpc } from '../../../src/snapshot/ec2.js'
import { ok, type Readable } from '../../../src/snapshot/schema.js'
import { denied } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { arn, inRegion } from './support.js'

// ---- VPC flow logs --------------------------------------------------------------------------------
const vpc = (id: string): Vpc => ({ vpcId: id, arn: arn('vpc', id), isDefault: id === 'vpc-default' })
const flowLog = (id: string, resourceId: string, opts: Partial<FlowLog> = {}): FlowLog => ({ flowLogId: id, resourceId, trafficType: 'REJECT', status: 'ACTIVE', deliverLogsStatus: 'SUCCESS', ...opts })
const network = (vpcs: Vpc[], logs: FlowLog[]) => inRegion({ 'ec2.vpcs': ok(vpcs), 'ec2.flowLogs': ok(logs) })

checkCases(check_flow_logs, {
  pass: [
    { name: 'REJECT flow log on the VPC', snapshot: network([vpc('vpc-a')], [flowLog('fl-1', 'vpc-a')]), expect: [{ resource: arn('vpc', 'vpc-a') }] },
    { name: 'ALL traffic counts', snapshot: network([vpc('vpc-b')], [flowLog('fl-2', 'vpc-b', { trafficType: 'ALL' })]) },
  ],
  fail: [
    { name: 'a VPC without flow logs (the default VPC as created)', snapshot: network([vpc('vpc-default')], []), expect: [{ resource: arn('vpc', 'vpc-default') }] },
    { name: 'ACCEPT only does not record rejected traffic', snapshot: network([vpc('vpc-c')], [flowLog('fl-3', 'vpc-c', { trafficType: 'ACCEPT' })]), expect: [{ resource: arn('vpc', 'vpc-c') }] },
    { name: 'delivery FAILED', snapshot: network([vpc('vpc-d')], [flowLog('fl-4', 'vpc-d', { deliverLogsStatus: 'FAILED' })]), expect: [{ resource: arn('vpc', 'vpc-d') }] },
    { name: "another VPC's (or a subnet's) flow log does not cover this one", snapshot: network([vpc('vpc-e'), vpc('vpc-f')], [flowLog('fl-5', 'vpc-e'), flowLog('fl-6', 'subnet-in-f')]), expect: [{ resource: arn('vpc', 'vpc-f') }] },
  ],
  not_applicable: [{ name: 'no VPC in the region', snapshot: network([], []) }],
  error: [
    { name: 'DescribeFlowLogs denied: no verdict on the VPCs', snapshot: inRegion({ 'ec2.vpcs': ok([vpc('vpc-g')]), 'ec2.flowLogs': denied('ec2:DescribeFlowLogs') as Readable<FlowLog[]> }), expect: [{ errorCode: 'AccessDenied' }] },
  ],
})
