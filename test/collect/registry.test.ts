// The collector registry (src/collect/registry.ts) and the slice catalogue (src/snapshot/catalogue.ts)
// are the one source the read-only allow-list, the service limits, the pipeline and the snapshot
// schema are derived from. These tests pin that the two tables agree with each other and that every
// derived table says exactly what the registry says — so adding a slice, a collector or a service in
// one place and forgetting another fails here, not in a scan.
import { describe, expect, it } from 'vitest'
import { COLLECTORS, GLOBAL_COLLECTORS, REGIONAL_COLLECTORS, SCAN_READS, SERVICES, AWS_SERVICES, type AwsService } from '../../src/collect/registry.js'
import { READ_OPERATIONS, isReadOperation } from '../../src/aws/read-operations.js'
import { DEFAULT_SERVICE_LIMITS, ScanLimiters } from '../../src/orchestrate/service-limits.js'
import { COLLECTED_SLICE_KEYS, GLOBAL_SLICE_KEYS, REGIONAL_SLICE_KEYS, SLICE_CATALOGUE } from '../../src/snapshot/catalogue.js'
import { accountSnapshotSchema, snapshotSchema } from '../../src/snapshot/schema.js'
import { accountSnapshot, ok, snapshot } from '../support/builders.js'

const catalogue = SLICE_CATALOGUE as Record<string, { scope: 'global' | 'regional' }>
const serviceNames = Object.keys(SERVICES)

/** A JSON round trip: what a snapshot read from disk looks like. */
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

describe('collectors and the slice catalogue', () => {
  it('the catalogue is not empty and has both scopes (so the loops below check something)', () => {
    expect(GLOBAL_SLICE_KEYS.length).toBeGreaterThan(0)
    expect(REGIONAL_SLICE_KEYS.length).toBeGreaterThan(0)
    expect([...GLOBAL_SLICE_KEYS, ...REGIONAL_SLICE_KEYS].sort()).toEqual([...COLLECTED_SLICE_KEYS].sort())
  })

  it('every catalogued slice is filled by exactly one collector, of the same scope', () => {
    for (const key of COLLECTED_SLICE_KEYS) {
      const fillers = COLLECTORS.filter((c) => c.slices.includes(key))
      expect(fillers.map((c) => c.id), `collectors filling ${key}`).toHaveLength(1)
      expect(fillers[0]!.scope, `scope of the collector filling ${key}`).toBe(catalogue[key]!.scope)
    }
  })

  it("every collector's slices are in the catalogue, and a collector declares each slice once", () => {
    for (const c of COLLECTORS) {
      expect(c.slices.length, `${c.id} fills no slice`).toBeGreaterThan(0)
      expect(new Set(c.slices).size, `${c.id} lists a slice twice`).toBe(c.slices.length)
      for (const key of c.slices) expect(Object.keys(catalogue), `${c.id} fills ${key}`).toContain(key)
    }
  })

  it('collector ids are unique, and GLOBAL/REGIONAL_COLLECTORS split COLLECTORS by scope', () => {
    expect(new Set(COLLECTORS.map((c) => c.id)).size).toBe(COLLECTORS.length)
    expect(GLOBAL_COLLECTORS.every((c) => c.scope === 'global')).toBe(true)
    expect(REGIONAL_COLLECTORS.every((c) => c.scope === 'regional')).toBe(true)
    expect(GLOBAL_COLLECTORS.length + REGIONAL_COLLECTORS.length).toBe(COLLECTORS.length)
  })

  it('every service a collector (or SCAN_READS) names is in SERVICES', () => {
    for (const c of COLLECTORS) expect(serviceNames, `service of ${c.id}`).toContain(c.service)
    for (const service of Object.keys(SCAN_READS)) expect(serviceNames).toContain(service)
    expect([...AWS_SERVICES].sort()).toEqual([...serviceNames].sort())
  })
})

describe('the read-only allow-list derived from the registry', () => {
  it('every collector operation is an allowed read of its service, and only of its service', () => {
    for (const c of COLLECTORS) {
      expect(c.operations.length, `${c.id} declares no operation`).toBeGreaterThan(0)
      for (const op of c.operations) {
        expect(isReadOperation(c.service, op), `${c.service}:${op} (${c.id})`).toBe(true)
        // Exact and case-sensitive: a lower-cased name is not a read.
        expect(isReadOperation(c.service, op.toLowerCase())).toBe(false)
      }
    }
  })

  it('READ_OPERATIONS is exactly the collectors’ operations ∪ SCAN_READS, per service, nothing more', () => {
    const expected = new Map<string, Set<string>>(serviceNames.map((s) => [s, new Set<string>()]))
    for (const [service, ops] of Object.entries(SCAN_READS)) for (const op of ops ?? []) expected.get(service)!.add(op)
    for (const c of COLLECTORS) {
      for (const op of c.operations) expected.get(c.service)!.add(op)
      for (const [service, ops] of Object.entries(c.alsoCalls ?? {})) for (const op of ops ?? []) expected.get(service)!.add(op)
    }

    expect(Object.keys(READ_OPERATIONS).sort()).toEqual([...serviceNames].sort())
    for (const service of serviceNames) {
      const actual = READ_OPERATIONS[service as AwsService]
      expect(new Set(actual).size, `${service} lists an operation twice`).toBe(actual.length)
      expect([...actual].sort(), service).toEqual([...expected.get(service)!].sort())
    }
  })

  it('names exact operations only: no wildcard, no prefix, nothing outside the table', () => {
    for (const ops of Object.values(READ_OPERATIONS)) for (const op of ops) expect(op).toMatch(/^[A-Z][A-Za-z0-9]+$/)
    expect(isReadOperation('iam', 'CreateUser')).toBe(false)
    expect(isReadOperation('ec2', 'AuthorizeSecurityGroupIngress')).toBe(false)
    expect(isReadOperation('s3', 'GetObject')).toBe(false)
    // An operation of one service is not a read of another.
    expect(isReadOperation('iam', 'DescribeSecurityGroups')).toBe(false)
  })
})

describe('service limits derived from the registry', () => {
  const scanServices = serviceNames.filter((s) => SERVICES[s as AwsService].throttle.per === 'scan')
  const otherServices = serviceNames.filter((s) => SERVICES[s as AwsService].throttle.per !== 'scan')

  it('STS and Organizations are limited per scan; every other service per account, with the registry’s limit', () => {
    expect(scanServices.sort()).toEqual(['organizations', 'sts'])
    expect(Object.keys(DEFAULT_SERVICE_LIMITS.perScan).sort()).toEqual(['organizations', 'sts'])
    expect(Object.keys(DEFAULT_SERVICE_LIMITS.perAccount).sort()).toEqual([...otherServices].sort())
    for (const s of scanServices) expect(DEFAULT_SERVICE_LIMITS.perScan[s as AwsService]).toBe(SERVICES[s as AwsService].throttle.limit)
    for (const s of otherServices) expect(DEFAULT_SERVICE_LIMITS.perAccount[s as AwsService]).toBe(SERVICES[s as AwsService].throttle.limit)
    // Every service a collector calls is capped somewhere.
    for (const c of COLLECTORS) expect(DEFAULT_SERVICE_LIMITS.perScan[c.service] ?? DEFAULT_SERVICE_LIMITS.perAccount[c.service]).toBeGreaterThan(0)
  })

  it("an 'account-region' service gets one limiter per region; an 'account' one the same in every region", () => {
    const byScope = (per: string) => serviceNames.filter((s) => SERVICES[s as AwsService].throttle.per === per) as AwsService[]
    expect(byScope('account-region')).toContain('ec2')
    expect(byScope('account').length).toBeGreaterThan(0)

    const limiters = new ScanLimiters()
    const forA = limiters.forAccount('111111111111')
    const forB = limiters.forAccount('222222222222')
    for (const s of byScope('account-region')) {
      const east = forA(s, 'us-east-1')
      expect(east, s).toBeDefined()
      expect(forA(s, 'eu-west-1'), `${s}: a region of its own`).not.toBe(east)
      expect(forA(s, 'us-east-1'), `${s}: the same region twice`).toBe(east)
      expect(forB(s, 'us-east-1'), `${s}: another account`).not.toBe(east)
    }
    for (const s of byScope('account')) {
      const east = forA(s, 'us-east-1')
      expect(east, s).toBeDefined()
      expect(forA(s, 'eu-west-1'), `${s}: one limiter for every region`).toBe(east)
      expect(forB(s, 'us-east-1'), `${s}: another account`).not.toBe(east)
    }
    for (const s of byScope('scan')) {
      const one = forA(s, 'us-east-1')
      expect(one, s).toBeDefined()
      expect(forB(s, 'eu-west-1'), `${s}: shared by the whole scan`).toBe(one)
      expect(limiters.forScan(s)).toBe(one)
    }
  })
})

describe('the account snapshot schema derived from the catalogue', () => {
  const regional = () => {
    const a = accountSnapshot({ regions: ['eu-west-1'] })
    a.regional = { 'eu-west-1': { 'ec2.securityGroups': ok([]) } }
    return a
  }

  it('accepts a snapshot with every catalogued slice (the baseline for the rejections below)', () => {
    const a = regional()
    a.account = { securityContact: ok(null) }
    expect(accountSnapshotSchema.safeParse(json(a)).success).toBe(true)
    expect(snapshotSchema.safeParse(json(snapshot(a))).success).toBe(true)
  })

  it('rejects a regional slice key that is not in the catalogue', () => {
    const a = json(regional()) as unknown as { regional: Record<string, Record<string, unknown>> }
    a.regional['eu-west-1']!['ec2.notASlice'] = { kind: 'ok', value: [] }
    const parsed = accountSnapshotSchema.safeParse(a)
    expect(parsed.success).toBe(false)
    expect(JSON.stringify(parsed.error?.issues)).toContain('ec2.notASlice')
  })

  it('rejects a global slice that is not in the catalogue', () => {
    const a = json(regional()) as unknown as { iam: Record<string, unknown> }
    a.iam.everything = { kind: 'ok', value: {} }
    expect(accountSnapshotSchema.safeParse(a).success).toBe(false)
  })

  it.each(['EU-WEST-1', '../../etc', 'eu-west-1\u001b[31m', 'global'])('rejects a region key that is not a region name: %j', (region) => {
    const a = json(regional()) as unknown as { regional: Record<string, unknown> }
    a.regional[region] = { 'ec2.securityGroups': { kind: 'ok', value: [] } }
    expect(accountSnapshotSchema.safeParse(a).success).toBe(false)
  })

  it('rejects a region in `regions` that is not a region name', () => {
    const a = json(regional())
    a.regions = ['eu-west-1', '../x']
    expect(accountSnapshotSchema.safeParse(a).success).toBe(false)
  })

  it.each(['11111111111', '1111111111111', '../../x', 'abcdefghijkl', '11111111111\n'])('rejects an accountId that is not 12 digits: %j', (accountId) => {
    const a = json(regional())
    a.accountId = accountId
    expect(accountSnapshotSchema.safeParse(a).success).toBe(false)
  })

  it('rejects a snapshot that lists the same account twice, naming the account', () => {
    const one = accountSnapshot({ accountId: '111111111111' })
    const two = accountSnapshot({ accountId: '222222222222' })
    expect(snapshotSchema.safeParse(json(snapshot(one, two))).success).toBe(true)
    const parsed = snapshotSchema.safeParse(json(snapshot(one, two, accountSnapshot({ accountId: '111111111111' }))))
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues[0]!.path).toEqual(['accounts', 2, 'accountId'])
    expect(parsed.error!.issues[0]!.message).toContain('111111111111')
  })

  it('rejects a slice whose value does not match its catalogue schema', () => {
    const a = json(regional()) as unknown as { regional: Record<string, Record<string, unknown>> }
    a.regional['eu-west-1']!['ec2.securityGroups'] = { kind: 'ok', value: [{ groupId: 1 }] }
    expect(accountSnapshotSchema.safeParse(a).success).toBe(false)
  })
})
