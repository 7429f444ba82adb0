/**
 * The report's only style: light and dark (prefers-color-scheme) and print. Lines and markers are
 * told apart by dash, point shape, hatching and letters as well as colour, so the page reads in
 * greyscale print and for colour-blind readers.
 */
export const REPORT_CSS = `
:root{--fg:#1b1f24;--bg:#fff;--muted:#57606a;--grid:#d0d7de;--blue:#0b5cad;--green:#1a7f37;--ok:#1a7f37;--bad:#b42318;--warn:#9a6700;--band:#e6f4ea;--hatch:#d4a5a5;--panel:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--grid:#30363d;--blue:#58a6ff;--green:#3fb950;--ok:#3fb950;--bad:#f85149;--warn:#d29922;--band:#12261b;--hatch:#6e3b3b;--panel:#161b22}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:16px 20px 40px}
h1{font-size:24px;margin:0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--grid);padding-bottom:4px}h3{font-size:15px;margin:14px 0 6px}
.sub{margin:2px 0 10px;color:var(--muted);font-size:16px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}dt{color:var(--muted)}dd{margin:0}
code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}th,td{border:1px solid var(--grid);padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:var(--panel)}
table.events td:first-child{text-align:right;white-space:nowrap}table.events td:nth-child(2){white-space:nowrap}
tr:target{outline:2px solid var(--warn);background:var(--panel)}
.ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:var(--warn)}.nodata,.small{color:var(--muted)}.small{font-size:12px}
.status{font-weight:700;padding:0 4px;border:1px solid currentColor;border-radius:3px}.status.ok{color:var(--ok)}.status.warn{color:var(--warn)}
.banner{border:2px solid var(--warn);padding:6px 10px;border-radius:4px}
.chart{width:100%;height:auto;display:block;color:var(--fg)}
.chart text{fill:var(--fg);font:11px system-ui,sans-serif}.chart .tick{fill:var(--muted)}.chart .ptitle{font-weight:600}
.chart .grid{stroke:var(--grid);stroke-width:.6}.chart .vgrid{stroke-dasharray:2 3}.chart .pframe{fill:none;stroke:var(--grid)}
.line{fill:none;stroke-width:1.8}.line.blue{stroke:var(--blue)}.line.green{stroke:var(--green);stroke-dasharray:6 3}.line.weight{stroke:var(--fg);stroke-width:2.2}
.pt-blue{fill:var(--blue)}.pt-green{fill:var(--green)}.wlabel{font-weight:600}
.band-go{fill:var(--band)}.hatch{stroke:var(--hatch);stroke-width:2}.band-rollback{stroke:none}.rollback-line{stroke:var(--bad);stroke-dasharray:4 2}.blabel{fill:var(--muted)!important}
.marker .mline{stroke:var(--muted);stroke-width:.7;stroke-dasharray:1 2}.marker .mdot{fill:var(--bg);stroke:var(--fg);stroke-width:1.2}.marker .mletter{font-weight:700;font-size:9px}
.marker.m-rollback .mdot,.marker.m-alert .mdot,.marker.m-failed .mdot,.marker.m-drift .mdot{stroke:var(--bad);stroke-width:2}.marker.m-override .mdot{stroke:var(--warn);stroke-width:2}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;margin:4px 0}.legend svg{vertical-align:middle}
.mkey{display:inline-block;width:16px;height:16px;border:1.2px solid var(--fg);border-radius:50%;text-align:center;font:700 10px/14px system-ui,sans-serif}
details summary{cursor:pointer;color:var(--muted)}
footer{margin-top:28px;color:var(--muted);font-size:12px;border-top:1px solid var(--grid);padding-top:8px}
@media print{body{max-width:none;padding:0;font-size:11px}a{color:inherit;text-decoration:none}details>*{display:block}h2{break-after:avoid}tr{break-inside:avoid}.chart{break-inside:avoid}}
`;
