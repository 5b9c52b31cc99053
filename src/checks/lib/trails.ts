// The trails that apply to an account: its own (every region's `cloudtrail.trails`, read with
// acrossRegions) and the organization trails of its organization (organization.organizationTrails,
// read once per scan in the management account). Every CloudTrail check and every CIS 4.x alarm
// check starts here, so "a member covered only by an organization trail" is decided in one place.
import type { AwsError } from '../../snapshot/readable.js'
import type { Trail } from '../../snapshot/cloudtrail.js'
import type { RegionMonitoring } from '../../snapshot/monitoring.js'
import type { AccountSnapshot } from '../../snapshot/schema.js'
import type { CheckContext, CheckInput, RegionReading } from '../define.js'

export interface AppliedTrail {
  trail: Trail
  /** own: homed in this account; organization: the organization trail of the management account. */
  via: 'own' | 'organization'
}

export interface TrailsOfAccount {
  trails: AppliedTrail[]
  /** Regions whose trail list could not be read, and the organization trails if those could not be. */
  unreadable: { where: string; error: AwsError }[]
  /** Monitoring slices of the regions organization trails deliver to (management account). */
  organizationMonitoring: RegionMonitoring[]
}

/** Needs `acrossRegions: ['cloudtrail.trails']` on the calling check. */
export function trailsOfAccount(input: CheckInput, ctx: CheckContext<unknown>): TrailsOfAccount {
  return applyingTrails(input, ctx.accountId, ctx.readAllRegions('cloudtrail.trails'))
}

/**
 * The same for a member account seen from an organization check (every region it was scanned in).
 * Needs `fromMembers: ['cloudtrail.trails']` on the calling check.
 */
export function trailsOfMember(input: CheckInput, ctx: CheckContext<unknown>, account: Pick<AccountSnapshot, 'accountId' | 'regions'>): TrailsOfAccount {
  const readings = account.regions.map((region): RegionReading<Trail[]> => ({ region, slice: ctx.readMember(account.accountId, 'cloudtrail.trails', region) }))
  return applyingTrails(input, account.accountId, readings)
}

function applyingTrails(input: CheckInput, accountId: string, readings: RegionReading<Trail[]>[]): TrailsOfAccount {
  const trails: AppliedTrail[] = []
  const unreadable: TrailsOfAccount['unreadable'] = []
  for (const reading of readings) {
    if (reading.slice.kind === 'unreadable') unreadable.push({ where: reading.region, error: reading.slice.error })
    else for (const trail of reading.slice.value) trails.push({ trail, via: 'own' })
  }
  const organizationMonitoring: RegionMonitoring[] = []
  const orgTrails = input.snapshot.organization?.organizationTrails
  if (orgTrails && isMember(input, accountId)) {
    if (orgTrails.kind === 'unreadable') unreadable.push({ where: 'organization trails', error: orgTrails.error })
    else {
      const own = new Set(trails.map((t) => t.trail.arn))
      // The management account lists its organization trail as its own already.
      for (const trail of orgTrails.value.trails) if (!own.has(trail.arn)) trails.push({ trail, via: 'organization' })
      organizationMonitoring.push(...orgTrails.value.monitoring)
    }
  }
  return { trails, unreadable, organizationMonitoring }
}

/** An organization trail logs every account of the organization; an account outside it is not covered. */
function isMember(input: CheckInput, accountId: string): boolean {
  const accounts = input.snapshot.organization?.accounts
  if (!accounts || accounts.kind === 'unreadable') return true // the org scan listed it to scan it
  return accounts.value.some((a) => a.id === accountId)
}

/** The evidence every trail finding carries: which trail, whose, and how it applies. */
export function trailEvidence(applied: AppliedTrail): Record<string, unknown> {
  const { trail } = applied
  return { trail: trail.name, trailArn: trail.arn, trailAccount: trail.accountId, homeRegion: trail.homeRegion, via: applied.via, multiRegion: trail.isMultiRegion, organizationTrail: trail.isOrganizationTrail }
}
