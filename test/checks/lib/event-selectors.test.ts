// What a trail's event selectors log (src/checks/lib/event-selectors.ts): basic and advanced
// selectors, read and write separately, and the union of several selectors.
import { describe, expect, it } from 'vitest'
import { admits, coversReadAndWrite, describeCoverage, managementCoverage, s3ObjectCoverage, selectorSummary } from '../../../src/checks/lib/event-selectors.js'
import type { EventSelectors, FieldSelector } from '../../../src/snapshot/cloudtrail.js'

const basic = (...selectors: Partial<EventSelectors['basic'][number]>[]): EventSelectors => ({
  basic: selectors.map((s) => ({ dataResources: [], excludeManagementEventSources: [], ...s })),
  advanced: [],
})
const advanced = (...selectors: FieldSelector[][]): EventSelectors => ({ basic: [], advanced: selectors.map((fieldSelectors) => ({ fieldSelectors })) })
const management: FieldSelector = { field: 'eventCategory', equals: ['Management'] }
const data: FieldSelector = { field: 'eventCategory', equals: ['Data'] }
const s3Objects: FieldSelector = { field: 'resources.type', equals: ['AWS::S3::Object'] }
const readOnly = (value: 'true' | 'false'): FieldSelector => ({ field: 'readOnly', equals: [value] })
const allBuckets = (type = 'AWS::S3::Object', values = ['arn:aws:s3']) => ({ type, values })

const mgmt = (s: EventSelectors) => describeCoverage(managementCoverage(s))
const s3 = (s: EventSelectors, partition = 'aws') => describeCoverage(s3ObjectCoverage(s, partition))

describe('management events, basic selectors', () => {
  it.each<[string, EventSelectors, string]>([
    ['All with management events', basic({ readWriteType: 'All', includeManagementEvents: true }), 'read and write'],
    ['absent fields take AWS defaults (All, management events included)', basic({}), 'read and write'],
    ['ReadOnly', basic({ readWriteType: 'ReadOnly', includeManagementEvents: true }), 'read only'],
    ['WriteOnly', basic({ readWriteType: 'WriteOnly' }), 'write only'],
    ['management events excluded (a data-events-only selector)', basic({ readWriteType: 'All', includeManagementEvents: false, dataResources: [allBuckets()] }), 'neither read nor write'],
    ['the union of a ReadOnly and a WriteOnly selector', basic({ readWriteType: 'ReadOnly' }, { readWriteType: 'WriteOnly' }), 'read and write'],
    ['two ReadOnly selectors are still read only', basic({ readWriteType: 'ReadOnly' }, { readWriteType: 'ReadOnly' }), 'read only'],
    ['ReadOnly plus a WriteOnly selector without management events', basic({ readWriteType: 'ReadOnly' }, { readWriteType: 'WriteOnly', includeManagementEvents: false }), 'read only'],
    ['an unknown ReadWriteType claims nothing', basic({ readWriteType: 'Everything' }), 'neither read nor write'],
    ['no selectors at all', { basic: [], advanced: [] }, 'neither read nor write'],
  ])('%s → %s', (_name, selectors, expected) => {
    expect(mgmt(selectors)).toBe(expected)
  })

  it('reports excluded event sources, keeping only those every covering selector excludes', () => {
    const one = managementCoverage(basic({ excludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }))
    expect(coversReadAndWrite(one)).toBe(true)
    expect(one.read.excludedSources).toEqual(['kms.amazonaws.com', 'rdsdata.amazonaws.com'])
    // The second selector logs KMS write events again: only rdsdata stays excluded for writes.
    const two = managementCoverage(basic({ excludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }, { readWriteType: 'WriteOnly', excludeManagementEventSources: ['rdsdata.amazonaws.com'] }))
    expect(two.write.excludedSources).toEqual(['rdsdata.amazonaws.com'])
    expect(two.read.excludedSources).toEqual(['kms.amazonaws.com', 'rdsdata.amazonaws.com'])
  })
})

describe('management events, advanced selectors', () => {
  it.each<[string, EventSelectors, string]>([
    ['eventCategory Management alone (the console default)', advanced([management]), 'read and write'],
    ['readOnly true', advanced([management, readOnly('true')]), 'read only'],
    ['readOnly false', advanced([management, readOnly('false')]), 'write only'],
    ['readOnly Equals both values', advanced([management, { field: 'readOnly', equals: ['true', 'false'] }]), 'read and write'],
    ['the union of a readOnly true and a readOnly false selector', advanced([management, readOnly('true')], [management, readOnly('false')]), 'read and write'],
    ['two readOnly conditions in ONE selector are ANDed: nothing', advanced([management, readOnly('true'), readOnly('false')]), 'neither read nor write'],
    ['a Data selector logs no management events', advanced([data, s3Objects]), 'neither read nor write'],
    ['no eventCategory (invalid for AWS) covers nothing', advanced([readOnly('true')]), 'neither read nor write'],
    ['an eventName filter narrows the selection', advanced([management, { field: 'eventName', notEquals: ['GetObject'] }]), 'neither read nor write'],
    ['eventSource Equals narrows the selection', advanced([management, { field: 'eventSource', equals: ['iam.amazonaws.com'] }]), 'neither read nor write'],
    ['an eventSource NotEquals exclusion still covers (reported as excluded)', advanced([management, { field: 'eventSource', notEquals: ['kms.amazonaws.com'] }]), 'read and write'],
    ['eventCategory NotEquals Management covers nothing', advanced([{ field: 'eventCategory', notEquals: ['Management'] }]), 'neither read nor write'],
  ])('%s → %s', (_name, selectors, expected) => {
    expect(mgmt(selectors)).toBe(expected)
  })

  it('names the excluded sources of an advanced selector', () => {
    const coverage = managementCoverage(advanced([management, { field: 'eventSource', notEquals: ['rdsdata.amazonaws.com', 'kms.amazonaws.com'] }]))
    expect(coverage.read).toEqual({ covered: true, excludedSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] })
  })
})

describe('S3 object-level data events for all buckets', () => {
  it.each<[string, EventSelectors, string]>([
    ["basic 'arn:aws:s3' with All", basic({ readWriteType: 'All', includeManagementEvents: true, dataResources: [allBuckets()] }), 'read and write'],
    ["basic 'arn:aws:s3:::' with WriteOnly", basic({ readWriteType: 'WriteOnly', dataResources: [allBuckets('AWS::S3::Object', ['arn:aws:s3:::'])] }), 'write only'],
    ['basic ReadOnly, management events off', basic({ readWriteType: 'ReadOnly', includeManagementEvents: false, dataResources: [allBuckets()] }), 'read only'],
    ['basic ReadOnly + WriteOnly selectors together', basic({ readWriteType: 'ReadOnly', dataResources: [allBuckets()] }, { readWriteType: 'WriteOnly', dataResources: [allBuckets()] }), 'read and write'],
    ['basic, one bucket only', basic({ dataResources: [allBuckets('AWS::S3::Object', ['arn:aws:s3:::my-bucket/'])] }), 'neither read nor write'],
    ['basic, Lambda data events', basic({ dataResources: [allBuckets('AWS::Lambda::Function', ['arn:aws:lambda'])] }), 'neither read nor write'],
    ['basic, management events only', basic({}), 'neither read nor write'],
    ['advanced Data + AWS::S3::Object', advanced([data, s3Objects]), 'read and write'],
    ['advanced with readOnly false', advanced([data, s3Objects, readOnly('false')]), 'write only'],
    ['advanced readOnly true + readOnly false selectors', advanced([data, s3Objects, readOnly('true')], [data, s3Objects, readOnly('false')]), 'read and write'],
    ['advanced without resources.type (required by AWS)', advanced([data]), 'neither read nor write'],
    ['advanced for DynamoDB', advanced([data, { field: 'resources.type', equals: ['AWS::DynamoDB::Table'] }]), 'neither read nor write'],
    ['advanced limited to one bucket (resources.ARN StartsWith the bucket)', advanced([data, s3Objects, { field: 'resources.ARN', startsWith: ['arn:aws:s3:::my-bucket/'] }]), 'neither read nor write'],
    ['advanced excluding the trail bucket (resources.ARN NotStartsWith)', advanced([data, s3Objects, { field: 'resources.ARN', notStartsWith: ['arn:aws:s3:::trail-bucket/'] }]), 'neither read nor write'],
    ["advanced resources.ARN StartsWith 'arn:aws:s3:::' is every bucket", advanced([data, s3Objects, { field: 'resources.ARN', startsWith: ['arn:aws:s3:::'] }]), 'read and write'],
    ['advanced limited by eventName', advanced([data, s3Objects, { field: 'eventName', equals: ['PutObject'] }]), 'neither read nor write'],
    ['advanced eventSource Equals s3.amazonaws.com does not narrow S3 object events', advanced([data, s3Objects, { field: 'eventSource', equals: ['s3.amazonaws.com'] }]), 'read and write'],
    ['a Management selector logs no data events', advanced([management]), 'neither read nor write'],
  ])('%s → %s', (_name, selectors, expected) => {
    expect(s3(selectors)).toBe(expected)
  })

  it('uses the trail partition for "all buckets"', () => {
    expect(s3(basic({ dataResources: [allBuckets('AWS::S3::Object', ['arn:aws-us-gov:s3'])] }), 'aws-us-gov')).toBe('read and write')
    expect(s3(basic({ dataResources: [allBuckets('AWS::S3::Object', ['arn:aws:s3'])] }), 'aws-us-gov')).toBe('neither read nor write')
    expect(s3(advanced([data, s3Objects, { field: 'resources.ARN', startsWith: ['arn:aws-cn:s3:::'] }]), 'aws-cn')).toBe('read and write')
  })
})

describe('admits (one condition, every operator present must agree)', () => {
  it.each<[FieldSelector, string, boolean]>([
    [{ field: 'f', equals: ['a', 'b'] }, 'b', true],
    [{ field: 'f', equals: ['a'] }, 'b', false],
    [{ field: 'f', startsWith: ['ab'] }, 'abc', true],
    [{ field: 'f', endsWith: ['bc'] }, 'abc', true],
    [{ field: 'f', endsWith: ['x'] }, 'abc', false],
    [{ field: 'f', notEquals: ['abc'] }, 'abc', false],
    [{ field: 'f', notStartsWith: ['a'] }, 'abc', false],
    [{ field: 'f', notEndsWith: ['c'] }, 'abc', false],
    [{ field: 'f', notEndsWith: ['x'] }, 'abc', true],
    [{ field: 'f', equals: ['abc'], notStartsWith: ['a'] }, 'abc', false],
  ])('%j admits %s: %s', (condition, value, expected) => {
    expect(admits(condition, value)).toBe(expected)
  })
})

describe('selectorSummary', () => {
  it('names the style in use', () => {
    expect(selectorSummary(basic({}))).toEqual({ style: 'basic', count: 1 })
    expect(selectorSummary(advanced([management], [data, s3Objects]))).toEqual({ style: 'advanced', count: 2 })
    expect(selectorSummary({ basic: [], advanced: [] })).toEqual({ style: 'none', count: 0 })
  })
})
