// What a trail's event selectors log, decided the way CloudTrail applies them. Two questions:
//   - does it log ALL read and/or write management events (CIS 3.1, Security Hub CloudTrail.1)?
//   - does it log S3 object-level data events for ALL buckets, read and/or write (CIS 3.8 / 3.9)?
//
// Basic selectors (EventSelectors): each selector logs management events when IncludeManagementEvents
// is true (AWS's default when absent) and data events for its DataResources, both limited by its
// ReadWriteType (All when absent; ReadOnly; WriteOnly). "All buckets" is the DataResources value
// 'arn:<partition>:s3' or 'arn:<partition>:s3:::' for type AWS::S3::Object.
//
// Advanced selectors: the field conditions of one selector are ANDed, the selectors are ORed (an
// event is logged when any selector matches it). A selector covers a whole class of events only if
// every one of its conditions matches every event of that class:
//   - eventCategory must admit the category (Management / Data), resources.type AWS::S3::Object;
//   - readOnly (values "true"/"false") limits to read or write events; absent means both;
//   - any other field narrows the selection (eventName, resources.ARN, userIdentity.arn, …), so the
//     selector does not cover the class — with two exceptions that AWS documents as "all":
//     management events with eventSource NotEquals (the KMS / RDS Data API exclusions, which CIS 3.1
//     accepts, reported as exclusions), and resources.ARN StartsWith a prefix of 'arn:<partition>:s3:::'.
// Within one condition the operators are read conservatively (every operator present must admit the
// value), so a selector this module calls covering really is; an unusual one is reported as not
// covering, which the evidence makes visible, rather than passed.
//
// Two selectors can cover read and write between them (a ReadOnly one and a WriteOnly one), so
// coverage is decided per access kind over all selectors.
import type { EventSelectors, FieldSelector } from '../../snapshot/cloudtrail.js'

export type Access = 'read' | 'write'
export const ACCESS_KINDS: readonly Access[] = ['read', 'write']

export interface AccessCoverage {
  covered: boolean
  /**
   * Management event sources excluded by every selector that covers this access kind (an event is
   * logged if any covering selector keeps it); empty for data events.
   */
  excludedSources: string[]
}

export type Coverage = Record<Access, AccessCoverage>

const S3_OBJECT = 'AWS::S3::Object'
const READ_ONLY_VALUES: Record<Access, string> = { read: 'true', write: 'false' }

/** Management events (CIS 3.1): which of read / write events every selector together logs. */
export function managementCoverage(selectors: EventSelectors): Coverage {
  const covering: { access: Set<Access>; excluded: string[] }[] = []
  for (const s of selectors.basic) {
    if (s.includeManagementEvents === false) continue
    covering.push({ access: basicAccess(s.readWriteType), excluded: s.excludeManagementEventSources })
  }
  for (const s of selectors.advanced) {
    const fields = byField(s.fieldSelectors)
    if (!categoryIs(fields, 'Management')) continue
    let excluded: string[] = []
    let narrowed = false
    for (const [field, conditions] of fields) {
      if (field === 'eventCategory' || field === 'readOnly') continue
      if (field === 'eventSource' && conditions.every(onlyNotEquals)) excluded = [...new Set([...excluded, ...conditions.flatMap((c) => c.notEquals ?? [])])].sort()
      else narrowed = true
    }
    if (!narrowed) covering.push({ access: readOnlyAccess(fields), excluded })
  }
  return coverageOf(covering)
}

/** S3 object-level data events for all buckets (CIS 3.8 write, 3.9 read). */
export function s3ObjectCoverage(selectors: EventSelectors, partition: string): Coverage {
  const covering: { access: Set<Access>; excluded: string[] }[] = []
  for (const s of selectors.basic) {
    const allBuckets = s.dataResources.some((d) => d.type === S3_OBJECT && d.values.some((v) => isAllBuckets(v, partition)))
    if (allBuckets) covering.push({ access: basicAccess(s.readWriteType), excluded: [] })
  }
  for (const s of selectors.advanced) {
    const fields = byField(s.fieldSelectors)
    if (!categoryIs(fields, 'Data')) continue
    const types = fields.get('resources.type')
    if (!types || !types.every((c) => admits(c, S3_OBJECT))) continue
    let narrowed = false
    for (const [field, conditions] of fields) {
      if (field === 'eventCategory' || field === 'readOnly' || field === 'resources.type') continue
      if (field === 'resources.ARN' && conditions.every((c) => coversEveryObjectArn(c, partition))) continue
      if (field === 'eventSource' && conditions.every((c) => admits(c, 's3.amazonaws.com') && onlyPositiveEquals(c))) continue
      narrowed = true
    }
    if (!narrowed) covering.push({ access: readOnlyAccess(fields), excluded: [] })
  }
  return coverageOf(covering)
}

/** Both read and write covered. */
export function coversReadAndWrite(coverage: Coverage): boolean {
  return coverage.read.covered && coverage.write.covered
}

/** 'read and write', 'read only', 'write only' or 'neither read nor write', for messages. */
export function describeCoverage(coverage: Coverage): string {
  if (coversReadAndWrite(coverage)) return 'read and write'
  if (coverage.read.covered) return 'read only'
  if (coverage.write.covered) return 'write only'
  return 'neither read nor write'
}

/** Which selector style the trail uses, and how many, for evidence. */
export function selectorSummary(selectors: EventSelectors): { style: 'basic' | 'advanced' | 'none'; count: number } {
  if (selectors.advanced.length > 0) return { style: 'advanced', count: selectors.advanced.length }
  if (selectors.basic.length > 0) return { style: 'basic', count: selectors.basic.length }
  return { style: 'none', count: 0 }
}

function coverageOf(covering: { access: Set<Access>; excluded: string[] }[]): Coverage {
  const of = (access: Access): AccessCoverage => {
    const matching = covering.filter((c) => c.access.has(access))
    if (matching.length === 0) return { covered: false, excludedSources: [] }
    // Logged if any covering selector keeps the source: excluded only where all exclude it.
    const [first, ...rest] = matching.map((c) => c.excluded)
    const excludedSources = first!.filter((source) => rest.every((other) => other.includes(source))).sort()
    return { covered: true, excludedSources }
  }
  return { read: of('read'), write: of('write') }
}

function basicAccess(readWriteType: string | undefined): Set<Access> {
  switch (readWriteType ?? 'All') {
    case 'All':
      return new Set(['read', 'write'])
    case 'ReadOnly':
      return new Set(['read'])
    case 'WriteOnly':
      return new Set(['write'])
    default:
      // A value AWS does not define: claim nothing rather than guess.
      return new Set()
  }
}

function byField(conditions: FieldSelector[]): Map<string, FieldSelector[]> {
  const fields = new Map<string, FieldSelector[]>()
  for (const c of conditions) fields.set(c.field, [...(fields.get(c.field) ?? []), c])
  return fields
}

/** eventCategory is required by AWS; a selector without it (or not admitting the category) covers nothing. */
function categoryIs(fields: Map<string, FieldSelector[]>, category: string): boolean {
  const conditions = fields.get('eventCategory')
  return conditions !== undefined && conditions.every((c) => admits(c, category))
}

/** The access kinds a selector's readOnly conditions let through (both when there is none). */
function readOnlyAccess(fields: Map<string, FieldSelector[]>): Set<Access> {
  const conditions = fields.get('readOnly') ?? []
  return new Set(ACCESS_KINDS.filter((access) => conditions.every((c) => admits(c, READ_ONLY_VALUES[access]))))
}

/** Whether one condition lets `value` through, every operator present having to agree. */
export function admits(c: FieldSelector, value: string): boolean {
  if (c.equals && !c.equals.includes(value)) return false
  if (c.startsWith && !c.startsWith.some((p) => value.startsWith(p))) return false
  if (c.endsWith && !c.endsWith.some((s) => value.endsWith(s))) return false
  if (c.notEquals?.includes(value)) return false
  if (c.notStartsWith?.some((p) => value.startsWith(p))) return false
  if (c.notEndsWith?.some((s) => value.endsWith(s))) return false
  return true
}

function onlyNotEquals(c: FieldSelector): boolean {
  return c.notEquals !== undefined && !c.equals && !c.startsWith && !c.endsWith && !c.notStartsWith && !c.notEndsWith
}

function onlyPositiveEquals(c: FieldSelector): boolean {
  return c.equals !== undefined && !c.startsWith && !c.endsWith && !c.notEquals && !c.notStartsWith && !c.notEndsWith
}

/** resources.ARN StartsWith a prefix every S3 object ARN of the partition has, and nothing else. */
function coversEveryObjectArn(c: FieldSelector, partition: string): boolean {
  const objectArnPrefix = `arn:${partition}:s3:::`
  const onlyStartsWith = c.startsWith !== undefined && !c.equals && !c.endsWith && !c.notEquals && !c.notStartsWith && !c.notEndsWith
  return onlyStartsWith && c.startsWith!.some((p) => objectArnPrefix.startsWith(p))
}

/** The basic selector values AWS documents as "all S3 buckets". */
function isAllBuckets(value: string, partition: string): boolean {
  return value === `arn:${partition}:s3` || value === `arn:${partition}:s3:::`
}
