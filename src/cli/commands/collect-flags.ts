// Flags for commands that read AWS (scan, collect): which credentials, where, how persistent.
import type { Command } from 'commander'
import { z } from 'zod'
import type { ScanSettings } from '../../config/schema.js'
import { TOOL_VERSION } from '../../version.js'
import type { CollectCurrentAccountOptions } from '../collector.js'
import { maxAttemptsFlag, nonEmptyFlag, regionFlag, regionsFlag } from '../options.js'
import { flagOverConfig } from '../precedence.js'

export const collectFlagsSchema = z.object({
  profile: nonEmptyFlag.optional(),
  region: regionFlag.optional(),
  regions: regionsFlag.optional(),
  maxAttempts: maxAttemptsFlag.optional(),
})
export type CollectFlags = z.infer<typeof collectFlagsSchema>

export function addCollectOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile from ~/.aws/config (default: the standard credential chain: env, SSO, web identity, …)')
    .option('--region <region>', 'region for the API clients (default: from the profile/environment, else us-east-1)')
    .option('--regions <list>', 'comma-separated regions to scan (default: config scan.regions, else the --region)')
    .option('--max-attempts <n>', 'attempts per AWS call including the first, with adaptive retry (default: config scan.maxAttempts, else the SDK default)')
}

/** Flags override the config file's scan: section. */
export function collectorOptions(flags: CollectFlags, scan: ScanSettings): CollectCurrentAccountOptions {
  const options: CollectCurrentAccountOptions = { toolVersion: TOOL_VERSION }
  if (flags.profile !== undefined) options.profile = flags.profile
  if (flags.region !== undefined) options.region = flags.region
  const regions = flagOverConfig(flags.regions, scan.regions)
  if (regions !== undefined) options.regions = regions
  const maxAttempts = flagOverConfig(flags.maxAttempts, scan.maxAttempts)
  if (maxAttempts !== undefined) options.maxAttempts = maxAttempts
  return options
}
