// Lookups the UI needs beside the finding columns: checks, accounts and framework controls by id.
// Built once from the report metadata.
import type { ReportMeta } from '../../payload.js'
import type { Account, Check } from './vocabulary.js'

export interface ControlInfo {
  /** 'framework:control', the value the control filter uses. */
  key: string
  frameworkId: string
  frameworkName: string
  controlId: string
  title: string | undefined
}

export interface Catalog {
  checks: Map<string, Check>
  accounts: Map<string, Account>
  controls: Map<string, ControlInfo>
  frameworkNames: Map<string, string>
  ouNames: Map<string, string>
}

export const controlKey = (frameworkId: string, controlId: string): string => `${frameworkId}:${controlId}`

export function buildCatalog(meta: ReportMeta): Catalog {
  const checks = new Map(meta.checks.map((c) => [c.id, c]))
  const accounts = new Map(meta.run.accounts.map((a) => [a.accountId, a]))
  const frameworkNames = new Map(meta.frameworks.map((f) => [f.id, `${f.name} ${f.version}`.trim()]))
  const controls = new Map<string, ControlInfo>()
  for (const fw of meta.frameworks) {
    for (const c of fw.controls ?? []) {
      controls.set(controlKey(fw.id, c.id), { key: controlKey(fw.id, c.id), frameworkId: fw.id, frameworkName: frameworkNames.get(fw.id)!, controlId: c.id, title: c.title })
    }
  }
  const ouNames = new Map<string, string>()
  for (const a of meta.run.accounts) for (const ou of a.ouPath ?? []) ouNames.set(ou.id, ou.name)
  return { checks, accounts, controls, frameworkNames, ouNames }
}

/** A control referenced by a finding but missing from the framework list still gets a label. */
export function controlInfo(catalog: Catalog, key: string): ControlInfo {
  const known = catalog.controls.get(key)
  if (known !== undefined) return known
  const colon = key.indexOf(':')
  const frameworkId = colon < 0 ? key : key.slice(0, colon)
  return { key, frameworkId, frameworkName: catalog.frameworkNames.get(frameworkId) ?? frameworkId, controlId: colon < 0 ? '' : key.slice(colon + 1), title: undefined }
}

export function accountLabel(catalog: Catalog, accountId: string): string {
  const name = catalog.accounts.get(accountId)?.name
  return name === undefined || name === '' ? accountId : `${name} (${accountId})`
}

export function ouPathLabel(account: Account | undefined): string {
  return (account?.ouPath ?? []).map((ou) => ou.name).join(' / ')
}
