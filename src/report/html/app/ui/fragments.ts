// Links into the explorer, built from the same state serializer the address bar uses.
import { defaultState, toFragment, withFilter, type Dimension, type ViewState } from '../state/view-state.js'

export function explorerFragment(filters: Partial<Record<Dimension, readonly string[]>>, extra: Partial<ViewState> = {}): string {
  let state: ViewState = { ...defaultState(), view: 'findings', ...extra }
  for (const [d, values] of Object.entries(filters) as [Dimension, readonly string[]][]) state = withFilter(state, d, values)
  return toFragment(state)
}
