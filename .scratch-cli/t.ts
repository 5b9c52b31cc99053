import { z } from 'zod'
import { configSchema } from '../src/config/schema.js'
console.log(JSON.stringify(z.toJSONSchema(configSchema, { io: 'input' }), null, 1).slice(0, 1500))
const r = configSchema.safeParse({ scan: { regionz: [] }, checks: { 'x': { severity: 'hgh' } } })
if (!r.success) console.log(r.error.issues)
