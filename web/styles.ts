/**
 * The site's only stylesheet, inlined into every page: it is small, and inlining saves a round trip before the
 * first paint on a phone. System fonts only. Light and dark follow prefers-color-scheme. Colours keep a 4.5:1
 * contrast with their background in both schemes (checked by the axe scan in test/browser).
 * A table's frame (`.table-wrap`) is a stacking context of its own: Chromium then reuses the table's recorded paint
 * when something outside it changes, so a keystroke in the board's search box repaints the box, not the table and
 * its sticky cells, which otherwise paint into the page's stacking context (BENCHMARKS.md, "The table's own
 * stacking context").
 */
export const STYLES = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0a5cb8;--row:#f6f8fa;--bar:#9cc4f0;
--chip:#eef3f9;--pin:#fff6d6;--series1:#0a5cb8;--series2:#c2410c;--series3:#15803d;--series4:#7e22ce;
--series5:#be123c;--series6:#0f766e;--font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color-scheme:light dark;--ci:#3d4550;
--sh0:#f5f9fd;--sh1:#eaf2fb;--sh2:#deeaf9;--sh3:#d1e2f6;--sh4:#c3d9f3;--sh5:#b3cff0;--sh6:#a3c5ec}
@media (prefers-color-scheme:dark){:root{--bg:#0f1217;--fg:#e6edf3;--muted:#9aa4ae;--line:#30363d;--accent:#6cb6ff;
--row:#161b22;--bar:#1f4b7a;--chip:#1c2430;--pin:#3a3214;--series1:#6cb6ff;--series2:#fb923c;--series3:#4ade80;
--series4:#c084fc;--series5:#fb7185;--series6:#2dd4bf;--ci:#b8c0c8;
--sh0:#121821;--sh1:#141e2b;--sh2:#172435;--sh3:#1a2b40;--sh4:#1d324b;--sh5:#203957;--sh6:#234163}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 var(--font)}
a{color:var(--accent)}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-3rem;background:var(--bg);padding:.4rem .7rem;border:2px solid var(--accent);z-index:10}
.skip:focus{top:.5rem}
header.site{display:flex;gap:1.5rem;align-items:center;flex-wrap:nowrap;white-space:nowrap;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
header.site .brand{font-weight:700;font-size:1.15rem;text-decoration:none;color:var(--fg)}
header.site nav{display:flex;gap:1rem;flex:0 1 auto;min-width:0;overflow-x:auto;scrollbar-width:none}
header.site nav a[aria-current=page]{font-weight:700;color:var(--fg)}
header.site .account{margin-left:auto;flex:none}
main{padding:1rem;max-width:100rem;margin:0 auto}
footer.site{padding:1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
h1{font-size:1.4rem;margin:.25rem 0 .75rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
h2,h3,li,dd,p{overflow-wrap:anywhere}
.muted{color:var(--muted)}
.small{font-size:.85rem}
.ci,.rank-range{color:var(--ci);font-size:.8em;margin-left:.3em;white-space:nowrap}
code,pre{font-family:var(--mono);font-size:.85rem}
pre{background:var(--row);border:1px solid var(--line);border-radius:6px;padding:.75rem;max-width:100%;white-space:pre-wrap;overflow-wrap:anywhere}
.prose{max-width:60rem}
.notice{border:1px solid var(--line);border-left:4px solid var(--series2);padding:.5rem .75rem;border-radius:4px;margin:.75rem 0}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px;max-width:100%}
.table-wrap{overflow:auto;max-height:100vh;isolation:isolate}
table.board,table.data{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
table.board{table-layout:fixed;font-size:.875rem}
table.board th,table.board td,table.data th,table.data td{padding:.3rem .45rem;border-bottom:1px solid var(--line);text-align:right}
table.board td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.board td:first-child{white-space:normal}
table.board td:first-child .rank-range{display:inline-block}
table.board thead th{vertical-align:bottom;overflow-wrap:anywhere}
table.board th{width:6.25rem}
table.board th.col-rank{width:5.5rem}
table.board th.col-pin{width:2.25rem}
table.board th.type{width:3.5rem}
table.board th.model{width:15.5rem}
table.board td.pin-cell{padding:.3rem 0;text-align:center}table.board td.pin-cell .pin{padding:0}
table.board tbody tr{background:var(--bg)}
table.board td:first-child,table.board th:first-child{position:sticky;left:0;z-index:1;background:inherit}
table.board thead th:first-child{z-index:3}
table.board .sh0{background:var(--sh0)}table.board .sh1{background:var(--sh1)}table.board .sh2{background:var(--sh2)}
table.board .sh3{background:var(--sh3)}table.board .sh4{background:var(--sh4)}table.board .sh5{background:var(--sh5)}
table.board .sh6{background:var(--sh6)}
table.queue,table.moderation,table.runs,table.compare{table-layout:auto}
table.queue td,table.moderation td,table.runs td,table.compare td{overflow:visible}
table.queue td.model,table.moderation td.model,table.runs td.model,table.compare td.model{white-space:normal;overflow-wrap:anywhere;min-width:10rem}
table.queue th,table.moderation th,table.runs th,table.compare th{width:auto}
table.board th.col-co2{width:5rem}
table.board th.col-likes,table.board th.col-precision,table.board th.col-weight_type,table.board th.col-official,table.board th.col-merged,table.board th.col-moe,table.board th.col-flagged{width:6.5rem}
table.board th.col-architecture{width:13rem}
table.board th.col-license{width:9rem}
table.board th.col-base_model{width:18rem}
table.data th,table.data td{text-align:left;vertical-align:top}
table.data td code{overflow-wrap:anywhere}
table.board thead th,table.data thead th{position:sticky;top:0;z-index:2;background:var(--bg);font-weight:600;font-size:.85rem}
table.board .model,table.board .type,table.board .text{text-align:left}
table.board td.model a{display:inline-block;max-width:100%;vertical-align:top;padding:.3rem 0;margin:-.3rem 0;overflow:hidden;text-overflow:ellipsis}
table.board tbody tr:nth-child(even){background:var(--row)}
table.board tbody tr.pinned{background:var(--pin)}
.ti{display:inline-block;width:.75em;height:.75em;vertical-align:-.05em;border:1.5px solid transparent}
.ti-pretrained{background:#16a34a;border-radius:50%}
.ti-continuously-pretrained{background:#16a34a;border-radius:2px}
.ti-fine-tuned{background:#ea580c;transform:rotate(45deg) scale(.85)}
.ti-chat{background:#2563eb;border-radius:50% 50% 50% 0}
.ti-merge{border-color:#9333ea;border-radius:50%;box-shadow:.3em 0 0 -.05em #9333ea}
.ti-multimodal{background:#db2777;border-radius:50% 0}
.ti-other{border-color:var(--muted);border-radius:50%}
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
form.controls{margin:0 0 .4rem}
.bar{display:flex;gap:.5rem;align-items:center;position:relative}
.bar .search{flex:1 1 auto;min-width:0}
details.filters>summary{cursor:pointer;list-style:none;border:1px solid var(--muted);border-radius:4px;padding:.35rem .7rem;white-space:nowrap}
details.filters>summary::-webkit-details-marker{display:none}
details.filters>summary::after{content:" ▾"}
details.filters[open]>summary::after{content:" ▴"}
.filter-panel{position:absolute;left:0;right:0;top:calc(100% + .3rem);z-index:5;background:var(--bg);border:1px solid var(--line);border-radius:6px;
padding:.75rem;box-shadow:0 6px 24px rgb(0 0 0/.25);display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:flex-start;max-height:75vh;overflow-y:auto}
.filter-panel #search-help{flex:1 1 100%;margin:0}
ul.active-filters{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;margin:0 0 .4rem;padding:0}
ul.active-filters a{display:inline-block;background:var(--chip);border:1px solid var(--line);border-radius:999px;padding:.1rem .6rem;font-size:.85rem;text-decoration:none}
p.count{margin:.2rem 0 .4rem;font-size:.85rem}
.chips.presets{margin-top:.3rem}
form.controls fieldset{border:0;margin:0;padding:0;min-width:0}
form.controls legend{font-size:.8rem;font-weight:600;color:var(--muted);padding:0;margin-bottom:.2rem}
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
.filter-panel{gap:.5rem .9rem}form.controls fieldset{max-width:100%}
main{padding:.6rem .75rem}h1{font-size:1.15rem;margin:.1rem 0 .4rem}
header.site{gap:.5rem;padding:.5rem .75rem;font-size:.875rem}header.site nav{gap:.55rem}header.site .brand{font-size:1rem}
header.site nav a[href="/"]{display:none}
.wide{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.board th.model{width:8rem}table.board th.col-rank{width:3.75rem}table.board th.col-pin{width:1.5rem}
table.board th.type{width:2.75rem;padding-left:.2rem;padding-right:.2rem}}
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
