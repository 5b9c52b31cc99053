// The organization trails, read once per scan in the account the organization scan starts from (the
// management account, where organization trails live), with the monitoring (metric filters, alarms,
// subscriptions) of each region an organization trail delivers CloudWatch Logs to. A member account
// sees an organization trail only as a shadow it cannot fully read, and scanning the management
// account's own data is too late for the members' checks (each account is evaluated as it is
// scanned), so this is the one place the coverage is read: organization.organizationTrails.
//
// DescribeTrails with shadow trails in the home region lists every multi-region trail of the account
// wherever it is homed; a single-region organization trail homed in another region is not seen,
// and would not make any account "logged in every region" anyway.
import type { AwsSession } from '../aws/session.js'
import { ok, type Readable } from '../snapshot/readable.js'
import type { OrganizationTrails } from '../snapshot/organization.js'
import type { RegionMonitoring } from '../snapshot/monitoring.js'
import { ORGANIZATION_TRAILS, collectTrails } from './collectors/cloudtrail.js'
import { collectAlarms, collectMetricFilters, collectSubscriptions } from './collectors/monitoring.js'

/** 'arn:aws:logs:eu-west-1:111111111111:log-group:name:*' → 'eu-west-1' */
const LOG_GROUP_REGION = /^arn:[^:]+:logs:([a-z0-9-]+):\d{12}:log-group:/

export async function collectOrganizationTrails(session: AwsSession, managementAccountId: string): Promise<Readable<OrganizationTrails>> {
  const trails = await collectTrails(session, session.region, managementAccountId, ORGANIZATION_TRAILS)
  if (trails.kind === 'unreadable') return trails
  const regions = [...new Set(trails.value.flatMap((t) => LOG_GROUP_REGION.exec(t.cloudWatchLogsLogGroupArn ?? '')?.[1] ?? []))].sort()
  const monitoring = await Promise.all(
    regions.map(async (region): Promise<RegionMonitoring> => {
      const [metricFilters, alarms, subscriptions] = await Promise.all([
        collectMetricFilters(session.client('logs', region)),
        collectAlarms(session.client('cloudwatch', region)),
        collectSubscriptions(session.client('sns', region)),
      ])
      return { region, metricFilters, alarms, subscriptions }
    }),
  )
  return ok({ accountId: managementAccountId, trails: trails.value, monitoring })
}
