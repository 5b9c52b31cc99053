// The control report's stylesheet: inlined into the page and allowed by its hash in the page's CSP.
// Screen and print share it; print starts each group on a new page after the cover and summary, and
// keeps a control's heading with its content.
export const ISMS_CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg-soft: #f5f6f9;
  --satisfied: #1f7a3f; --failing: #b42318; --partial: #b54708; --attested: #175cd3;
  --attestation-expired: #9e1f63; --no-evidence: #667085; --excluded: #475467; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 6px; }
a { color: #175cd3; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
th, td.nowrap { white-space: nowrap; }
td.resource { min-width: 16em; }
th { background: var(--bg-soft); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.subtitle, .note, .muted { color: var(--muted); }
.cover { border-bottom: 3px solid var(--fg); padding-bottom: 16px; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
.cover dt { font-weight: 600; }
.cover dd { margin: 0; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; white-space: nowrap; }
.status-satisfied { background: var(--satisfied); }
.status-failing { background: var(--failing); }
.status-partial { background: var(--partial); }
.status-attested { background: var(--attested); }
.status-attestation-expired { background: var(--attestation-expired); }
.status-no-evidence { background: var(--no-evidence); }
.status-excluded { background: var(--excluded); }
.control { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 12px 0; }
.control-head { display: flex; gap: 10px; align-items: baseline; justify-content: space-between; }
.control ul.reasons { margin: 4px 0 8px; padding-left: 20px; }
.prompt { background: #fffaeb; border-left: 4px solid var(--partial); padding: 6px 10px; margin: 8px 0; }
.warning { background: #fef3f2; border-left: 4px solid var(--failing); padding: 6px 10px; margin: 8px 0; }
.box { background: var(--bg-soft); padding: 6px 10px; margin: 8px 0; border-radius: 4px; }
.box dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }
.box dt { font-weight: 600; }
.box dd { margin: 0; overflow-wrap: anywhere; }
h4 { font-size: 13px; margin: 10px 0 2px; }
nav.toc a { margin-right: 12px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  a { color: inherit; text-decoration: none; }
  nav.toc { display: none; }
  .cover { break-after: page; }
  #summary { break-after: page; }
  .group { break-before: page; }
  .control { break-inside: avoid-page; }
  h2, h3, h4 { break-after: avoid; }
  tr { break-inside: avoid; }
  .status { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`
