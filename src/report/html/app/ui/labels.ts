// How a filter value reads in the panel, the chips and the print view.
import { accountLabel, controlInfo, ouPathLabel, type Catalog } from '../data/catalog.js'
import { BASELINE_LABEL, SEVERITY_LABEL, STATUS_LABEL, type BaselineState, type Severity, type Status } from '../data/vocabulary.js'
import type { Dimension } from '../state/view-state.js'

export const DIMENSION_LABEL: Record<Dimension, string> = {
  status: 'Status',
  severity: 'Severity',
  account: 'Account',
  ou: 'Organizational unit',
  region: 'Region',
  check: 'Check',
  control: 'Framework control',
  muted: 'Suppression',
  baseline: 'Compared with baseline',
}

export interface ValueLabel {
  text: string
  /** Secondary line: a check's title, an account's OU path, a control's title. */
  sub?: string
}

export function valueLabel(catalog: Catalog, dimension: Dimension, value: string): ValueLabel {
  switch (dimension) {
    case 'status':
      return { text: STATUS_LABEL[value as Status] ?? value }
    case 'severity':
      return { text: SEVERITY_LABEL[value as Severity] ?? value }
    case 'account': {
      const path = ouPathLabel(catalog.accounts.get(value))
      return path === '' ? { text: accountLabel(catalog, value) } : { text: accountLabel(catalog, value), sub: path }
    }
    case 'ou':
      return { text: catalog.ouNames.get(value) ?? value, sub: value }
    case 'check': {
      const title = catalog.checks.get(value)?.title
      return title === undefined ? { text: value } : { text: value, sub: title }
    }
    case 'control': {
      const info = controlInfo(catalog, value)
      const text = `${info.frameworkName} ${info.controlId}`
      return info.title === undefined ? { text } : { text, sub: info.title }
    }
    case 'muted':
      return { text: value === 'muted' ? 'Muted' : 'Not muted' }
    case 'baseline':
      return { text: BASELINE_LABEL[value as BaselineState] ?? value }
    case 'region':
      return { text: value }
  }
}
