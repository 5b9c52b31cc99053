import { z } from 'zod'
import { defineCheck } from '../define.js'

const RECORDS_REJECTED = new Set(['REJECT', 'ALL'])

export default defineCheck({
  id: 'ec2.vpc-flow-logs',
  title: 'Every VPC has flow logging of rejected traffic',
  description:
    'Every VPC has an ACTIVE flow log on the VPC itself whose traffic type records rejected packets (REJECT or ALL). A flow log whose delivery FAILED does not count; subnet or interface flow logs do not cover the VPC.',
  rationale: 'Flow logs are the record of who tried to reach what; without them a scan, an exfiltration or a misrouted connection leaves no trace to investigate (CIS 3.7).',
  remediation:
    'Create one per VPC, to CloudWatch Logs or S3: `aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc> --traffic-type REJECT --log-destination-type s3 --log-destination arn:aws:s3:::<log-archive-bucket>/vpc/`.',
  scope: 'region',
  requires: ['ec2.vpcs', 'ec2.flowLogs'],
  options: z.strictObject({}),
  evaluate(_input, ctx) {
    const flowLogs = ctx.read('ec2.flowLogs')
    for (const vpc of ctx.read('ec2.vpcs')) {
      const own = flowLogs.filter((f) => f.resourceId === vpc.vpcId)
      const working = own.filter((f) => f.status === 'ACTIVE' && RECORDS_REJECTED.has(f.trafficType) && f.deliverLogsStatus !== 'FAILED')
      const evidence = { vpcId: vpc.vpcId, isDefault: vpc.isDefault, flowLogs: own.map((f) => ({ id: f.flowLogId, trafficType: f.trafficType, status: f.status, delivery: f.deliverLogsStatus ?? null, destination: f.logDestinationType ?? null })) }
      if (working.length > 0) ctx.pass(vpc.arn, `${vpc.vpcId} has flow logging of rejected traffic (${working.map((f) => f.flowLogId).join(', ')})`, { evidence })
      else if (own.length > 0) ctx.fail(vpc.arn, `${vpc.vpcId} has flow logs, but none is active, delivering and recording rejected traffic`, { evidence })
      else ctx.fail(vpc.arn, `${vpc.vpcId} has no flow log`, { evidence })
    }
  },
})
