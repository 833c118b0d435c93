/**
 * The site's only stylesheet, inlined into every page: it is small, and inlining saves a round trip before the
 * first paint on a phone. System fonts only. Light and dark follow prefers-color-scheme. Colours keep a 4.5:1
 * contrast with their background in both schemes (checked by the axe scan in test/browser).
 */
export const STYLES = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0a5cb8;--row:#f6f8fa;--bar:#9cc4f0;
--chip:#eef3f9;--pin:#fff6d6;--series1:#0a5cb8;--series2:#c2410c;--series3:#15803d;--series4:#7e22ce;
--series5:#be123c;--series6:#0f766e;--font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1217;--fg:#e6edf3;--muted:#9aa4ae;--line:#30363d;--accent:#6cb6ff;
--row:#161b22;--bar:#1f4b7a;--chip:#1c2430;--pin:#3a3214;--series1:#6cb6ff;--series2:#fb923c;--series3:#4ade80;
--series4:#c084fc;--series5:#fb7185;--series6:#2dd4bf}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 var(--font)}
a{color:var(--accent)}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-3rem;background:var(--bg);padding:.4rem .7rem;border:2px solid var(--accent);z-index:10}
.skip:focus{top:.5rem}
header.site{display:flex;gap:.5rem 1.5rem;align-items:center;flex-wrap:wrap;padding:.75rem 1rem;border-bottom:1px solid var(--line)}
header.site .brand{font-weight:700;font-size:1.15rem;text-decoration:none;color:var(--fg)}
header.site nav{display:flex;gap:.25rem 1rem;flex-wrap:wrap}
header.site nav a[aria-current=page]{font-weight:700;color:var(--fg)}
header.site .account{margin-left:auto}
main{padding:1rem;max-width:100rem;margin:0 auto}
footer.site{padding:1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
h1{font-size:1.4rem;margin:.25rem 0 .75rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.muted{color:var(--muted)}
.small{font-size:.85rem}
.ci,.rank-range{color:var(--muted);font-size:.8em;margin-left:.3em;white-space:nowrap}
code,pre{font-family:var(--mono);font-size:.85rem}
pre{background:var(--row);border:1px solid var(--line);border-radius:6px;padding:.75rem;overflow-x:auto;max-width:100%}
.prose{max-width:60rem}
.notice{border:1px solid var(--line);border-left:4px solid var(--series2);padding:.5rem .75rem;border-radius:4px;margin:.75rem 0}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px;max-width:100%}
table.board,table.data{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
table.board{table-layout:fixed}
table.board th,table.board td,table.data th,table.data td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:right}
table.board td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.board thead th{vertical-align:bottom;overflow-wrap:anywhere}
table.board th{width:7.5rem}
table.board th.col-rank{width:4.5rem}
table.board th.col-pin{width:2.5rem}
table.board th.type{width:4.5rem}
table.board th.model{width:24rem}
table.board th.col-co2,table.board th.col-likes,table.board th.col-precision,table.board th.col-weight_type,table.board th.col-official,table.board th.col-merged,table.board th.col-moe,table.board th.col-flagged{width:6.5rem}
table.board th.col-architecture{width:13rem}
table.board th.col-license{width:9rem}
table.board th.col-base_model{width:18rem}
table.data th,table.data td{text-align:left;vertical-align:top}
table.data td code{overflow-wrap:anywhere}
table.board thead th,table.data thead th{position:sticky;top:0;background:var(--bg);font-weight:600;font-size:.85rem}
table.board .model,table.board .type,table.board .text{text-align:left}
table.board tbody tr:nth-child(even){background:var(--row)}
table.board tbody tr.pinned{background:var(--pin)}
span.flagged{font-size:.75em;color:var(--series5)}
span.provisional{font-size:.75em;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
table.board td.average{font-weight:600}
table.board th a{color:inherit;text-decoration:none}
table.board th a:hover,table.board th a:focus-visible{text-decoration:underline}
table.board th[aria-sort] a{color:var(--accent)}
.pin{font:inherit;background:none;border:0;padding:0 .2rem;cursor:pointer;color:var(--muted);text-decoration:none}
tr.pinned .pin{color:var(--fg)}
.pager{display:flex;gap:1rem;align-items:center;margin:.75rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
form.controls{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:flex-start;margin:0 0 .75rem}
form.controls fieldset{border:0;margin:0;padding:0;min-width:0}
form.controls legend{font-size:.8rem;font-weight:600;color:var(--muted);padding:0;margin-bottom:.2rem}
form.controls .search{flex:1 1 22rem;display:flex;flex-direction:column;gap:.2rem}
form.controls .search label{font-size:.8rem;font-weight:600;color:var(--muted)}
form.controls input[type=search],form.controls input[type=number]{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.35rem .5rem}
form.controls input[type=search]{width:100%}
form.controls input[type=number]{width:5.5rem}
.chips{display:flex;flex-wrap:wrap;gap:.3rem}
.chips label{display:inline-flex;gap:.3rem;align-items:center;background:var(--chip);border:1px solid var(--line);border-radius:999px;padding:.15rem .6rem;font-size:.85rem;cursor:pointer}
.chips a{background:var(--chip);border:1px solid var(--line);border-radius:999px;padding:.15rem .6rem;font-size:.85rem;text-decoration:none}
.chips a[aria-current=true]{border-color:var(--accent);font-weight:600}
.choices{display:flex;flex-wrap:wrap;gap:.3rem .75rem}
.choice{display:inline-flex;gap:.3rem;align-items:center;font-size:.85rem}
.choice select{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.2rem .3rem}
details.columns summary{cursor:pointer;font-size:.85rem}
details.columns .chips{margin-top:.4rem;max-width:40rem}
button,.button{font:inherit;color:var(--bg);background:var(--accent);border:0;border-radius:4px;padding:.35rem .8rem;cursor:pointer;text-decoration:none;display:inline-block}
.button.secondary{background:none;color:var(--accent);border:1px solid var(--accent)}
.actions{display:flex;gap:.5rem;align-items:center;align-self:flex-end}
.scores{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr max-content;gap:.3rem .75rem;align-items:center;max-width:44rem}
.scores .bar{height:.8rem;background:var(--row);border:1px solid var(--line);border-radius:3px;overflow:hidden}
.scores .bar span{display:block;height:100%;background:var(--bar)}
.scores .value{text-align:right;font-variant-numeric:tabular-nums}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
figure.chart{margin:0;max-width:48rem}
figure.chart svg{width:100%;height:auto;display:block}
figure.chart figcaption{font-size:.85rem;color:var(--muted)}
svg .axis{stroke:var(--line)}
svg .whisker{stroke:var(--fg);stroke-width:1.5;fill:none}
svg text{fill:var(--muted);font:13px var(--font)}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0;margin:.4rem 0;font-size:.85rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-.1rem}
.s1{color:var(--series1);fill:var(--series1);stroke:var(--series1)}.s2{color:var(--series2);fill:var(--series2);stroke:var(--series2)}
.s3{color:var(--series3);fill:var(--series3);stroke:var(--series3)}.s4{color:var(--series4);fill:var(--series4);stroke:var(--series4)}
.s5{color:var(--series5);fill:var(--series5);stroke:var(--series5)}.s6{color:var(--series6);fill:var(--series6);stroke:var(--series6)}
.legend i.s1{background:var(--series1)}.legend i.s2{background:var(--series2)}.legend i.s3{background:var(--series3)}
@media (max-width:40rem){.chips{flex-wrap:nowrap;overflow-x:auto;padding-bottom:.25rem}.chips label,.chips a{flex:none;white-space:nowrap}
form.controls{gap:.5rem .9rem}form.controls fieldset{max-width:100%}
table.board th.model{width:13rem}table.board th.col-rank{width:3.5rem}}
.legend i.s4{background:var(--series4)}.legend i.s5{background:var(--series5)}.legend i.s6{background:var(--series6)}
.account-form{display:flex;gap:.5rem;align-items:center;margin:0;flex-wrap:wrap}
.field-error{color:var(--series2);font-weight:600;font-size:.9rem}
.submit-form label{font-weight:600}
.submit-form input:not([type=checkbox]),.submit-form select{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.35rem .5rem;min-width:min(24rem,100%)}
.submit-form [aria-invalid=true]{border-color:var(--series2);outline:1px solid var(--series2)}
table.queue td.reason{white-space:normal;min-width:16rem}
table.queue td.vote form{margin:0}
[data-island=copy]{display:inline}.copy button{padding:.1rem .6rem;margin:0 .5rem;font-size:.85rem}
`;
