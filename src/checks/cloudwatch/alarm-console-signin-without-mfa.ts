// CIS v3.0.0 item of the same name in src/checks/lib/monitoring-requirements.ts; the logic is shared (monitoring-cis.ts).
import { defineCisAlarmCheck } from '../lib/monitoring-cis.js'
import { CIS_MONITORING } from '../lib/monitoring-requirements.js'

export default defineCisAlarmCheck(CIS_MONITORING['console-signin-without-mfa'])
