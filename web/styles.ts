/**
 * The site's only stylesheet, inlined into every page: it is small, and inlining saves a round trip before the
 * first paint on a phone. System fonts only. Light and dark follow prefers-color-scheme.
 */
export const STYLES = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#59636e;--line:#d8dee4;--accent:#0b63c4;--row:#f6f8fa;--bar:#b6d4f5;
--font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1217;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--accent:#58a6ff;
--row:#161b22;--bar:#1f4b7a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 var(--font)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
header.site{display:flex;gap:1.5rem;align-items:center;padding:.75rem 1rem;border-bottom:1px solid var(--line)}
header.site .brand{font-weight:700;font-size:1.15rem;text-decoration:none;color:var(--fg)}
header.site nav{display:flex;gap:1rem;flex-wrap:wrap}
main{padding:1rem;max-width:100rem;margin:0 auto}
footer.site{padding:1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
h1{font-size:1.4rem;margin:.25rem 0 .75rem}
.muted{color:var(--muted)}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px}
table.board{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
table.board th,table.board td{padding:.35rem .6rem;border-bottom:1px solid var(--line);white-space:nowrap;text-align:right}
table.board th{position:sticky;top:0;background:var(--bg);font-weight:600;font-size:.85rem}
table.board td.model,table.board th.model,table.board td.type,table.board th.type{text-align:left}
table.board td.model{max-width:28rem;overflow:hidden;text-overflow:ellipsis}
table.board tbody tr:nth-child(even){background:var(--row)}
table.board td.average{font-weight:600}
.pager{display:flex;gap:1rem;align-items:center;margin:.75rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
