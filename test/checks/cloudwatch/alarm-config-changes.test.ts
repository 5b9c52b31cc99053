// Table test for cloudwatch.alarm-config-changes, generated from its CIS requirement row (support.ts): the CIS
// pattern and an equivalent rewrite pass; the pattern missing a term and a single-region trail fail;
// an unreadable trail region is an error. The shared chain is tested in depth in monitoring-cis.test.ts.
import check from '../../../src/checks/cloudwatch/alarm-config-changes.js'
import { cisAlarmCases } from './support.js'

cisAlarmCases(check, 'config-changes')
