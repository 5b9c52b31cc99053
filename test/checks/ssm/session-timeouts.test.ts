// Table test for ssm.session-timeouts (each case names the verdict it expects).
import { expect } from 'vitest'
import check from '../../../src/checks/ssm/session-timeouts.js'
import { denied } from '../../support/builders.js'
import { checkCases } from '../../support/check-cases.js'
import { DOCUMENT_ARN, inRegion, withoutPreferences, withPreferences } from './support.js'

checkCases(check, {
  pass: [
    { name: 'idle 15, max 60', snapshot: withPreferences({ idleSessionTimeout: 15, maxSessionDuration: 60 }), expect: [{ resource: DOCUMENT_ARN, evidence: expect.objectContaining({ effectiveIdleMinutes: 15 }) }] },
    { name: 'idle exactly at the threshold (20)', snapshot: withPreferences({ idleSessionTimeout: 20, maxSessionDuration: 1440 }) },
    {
      name: 'idle timeout unset counts as the AWS default of 20 minutes',
      snapshot: withPreferences({ maxSessionDuration: 120 }),
      expect: [{ evidence: expect.objectContaining({ effectiveIdleMinutes: 20, idleIsAwsDefault: true }), message: expect.stringContaining('(AWS default)') }],
    },
    { name: 'a stricter threshold that the settings meet', snapshot: withPreferences({ idleSessionTimeout: 10, maxSessionDuration: 240 }), options: { maxIdleMinutes: 10, maxSessionMinutes: 240 } },
  ],
  fail: [
    { name: 'no preferences document: no maximum session duration', snapshot: withoutPreferences(), expect: [{ resource: DOCUMENT_ARN, message: expect.stringContaining('no maximum session duration') }] },
    { name: 'idle timeout 30 > 20', snapshot: withPreferences({ idleSessionTimeout: 30, maxSessionDuration: 60 }), expect: [{ resource: DOCUMENT_ARN, message: expect.stringContaining('idle timeout is 30 minutes') }] },
    { name: 'maximum duration not set', snapshot: withPreferences({ idleSessionTimeout: 10 }), expect: [{ resource: DOCUMENT_ARN, message: expect.stringContaining('no maximum session duration is set') }] },
    { name: 'maximum duration above the configured bound', snapshot: withPreferences({ idleSessionTimeout: 10, maxSessionDuration: 600 }), options: { maxSessionMinutes: 480 }, expect: [{ message: expect.stringContaining('600 minutes (more than 480)') }] },
    { name: 'unset idle (20) against a stricter threshold of 15', snapshot: withPreferences({ maxSessionDuration: 60 }), options: { maxIdleMinutes: 15 }, expect: [{ message: expect.stringContaining('idle timeout is 20 minutes') }] },
  ],
  error: [
    { name: 'GetDocument denied', snapshot: inRegion({ 'ssm.sessionPreferences': denied('ssm:GetDocument') as never }), expect: [{ errorCode: 'AccessDenied' }] },
    {
      name: 'an idle timeout Session Manager would not accept is not read as "unset" (the 20-minute default)',
      snapshot: withPreferences({ maxSessionDuration: 60, invalidInputs: ['idleSessionTimeout'], problem: 'inputs with values Session Manager does not accept: idleSessionTimeout="forever"' }),
      expect: [{ resource: DOCUMENT_ARN, errorCode: 'SessionPreferencesMalformed' }],
    },
  ],
})
