// The one precedence rule for settings: a flag given on the command line wins over the config file,
// which wins over the built-in default. Every command resolves its settings through this, so
// "does --x override scan.x?" has one answer everywhere.
export function flagOverConfig<T>(flag: T | undefined, config: T | undefined): T | undefined
export function flagOverConfig<T>(flag: T | undefined, config: T | undefined, fallback: T): T
export function flagOverConfig<T>(flag: T | undefined, config: T | undefined, fallback?: T): T | undefined {
  return flag ?? config ?? fallback
}
