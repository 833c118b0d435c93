/**
 * A month of production at stated traffic, from the D1 figures d1-costs.ts measures per operation and
 * Cloudflare's published prices (each with its source in BENCHMARKS.md). Caches are per data center (Cache API)
 * and per isolate (memory, the compact board), so what a view costs depends on how often a data center or an
 * isolate sees a view before the next data change: with views arriving at random (Poisson) at rate λ, one holder
 * sees at least one within an interval t with probability 1 − e^(−λt).
 */

export interface Measured {
  key: string;
  title: string;
  size: number;
  statements: number;
  rowsRead: number;
  rowsWritten: number;
}

/** The traffic and deployment the table assumes, per day. */
export const TRAFFIC = {
  pageViews: 1_000_000,
  /** Of the page views: the default front view, a filtered or searched view, a model page. */
  shares: { front: 0.7, filtered: 0.2, model: 0.1 },
  badgeViews: 5_000_000,
  ingests: 500,
  votes: 1_000,
  submissions: 100,
  dataCenters: 300,
  isolatesPerDataCenter: 2,
  /** Models whose badges and pages are asked for, evenly. */
  popularModels: 2_000,
  /** CPU per request, ms: an estimate from BENCHMARKS.md's profiles, not measured by this script. */
  cpuMsPerRequest: 2,
} as const;

/** Cloudflare's Workers Paid prices (sources in BENCHMARKS.md). */
export const PRICES = {
  baseMonthly: 5,
  requestsIncluded: 10_000_000,
  perMillionRequests: 0.3,
  cpuMsIncluded: 30_000_000,
  perMillionCpuMs: 0.02,
  rowsReadIncluded: 25_000_000_000,
  perMillionRowsRead: 0.001,
  rowsWrittenIncluded: 50_000_000,
  perMillionRowsWritten: 1,
} as const;

const DAY_S = 86_400;
const MONTH_DAYS = 30;

/** Chance that a holder seeing `perDay` views a day sees at least one within `seconds`. */
const seen = (perDay: number, seconds: number) => 1 - Math.exp(-(perDay / DAY_S) * seconds);

interface Line {
  what: string;
  perDay: number;
  rowsRead: number;
  rowsWritten: number;
}

function lines(rows: readonly Measured[], size: number): Line[] {
  const m = (key: string) => {
    const found = rows.find((r) => r.key === key && r.size === size);
    if (!found) throw new Error(`no ${key} measured on ${size} rows`);
    return found;
  };
  const t = TRAFFIC;
  const isolates = t.dataCenters * t.isolatesPerDataCenter;
  const changeInterval = DAY_S / t.ingests;
  const versionRows = m("page-cached").rowsRead;
  // A view reads the versions unless this isolate read them within the bound: 1/(1 + λT) of its views do.
  const versionShare = (perDay: number, boundSeconds: number) => 1 / (1 + (perDay / isolates / DAY_S) * boundSeconds);
  const front = t.pageViews * t.shares.front;
  const filtered = t.pageViews * t.shares.filtered;
  const model = t.pageViews * t.shares.model;
  const frontRenders = t.ingests * t.dataCenters * seen(front / t.dataCenters, changeInterval);
  const boardLoads = t.ingests * isolates * seen(filtered / isolates, changeInterval);
  const perModelDc = (views: number) => views / t.dataCenters / t.popularModels;
  const badgeRenders = t.ingests * t.dataCenters * t.popularModels * seen(perModelDc(t.badgeViews), changeInterval);
  const modelRenders = t.ingests * t.dataCenters * t.popularModels * seen(perModelDc(model), changeInterval);
  const renderRows = (key: string) => Math.max(0, m(key).rowsRead - versionRows);
  return [
    {
      what: "views: versions read (≤ 1 per isolate per second)",
      perDay: t.pageViews * versionShare(t.pageViews, 1),
      rowsRead: versionRows,
      rowsWritten: 0,
    },
    {
      what: "badges: versions read (≤ 1 per isolate per 60 s)",
      perDay: t.badgeViews * versionShare(t.badgeViews, 60),
      rowsRead: versionRows,
      rowsWritten: 0,
    },
    {
      what: "front view rendered (per data center per change)",
      perDay: frontRenders,
      rowsRead: renderRows("page-after-change"),
      rowsWritten: 0,
    },
    {
      what: "whole board loaded (per isolate per change)",
      perDay: boardLoads,
      rowsRead: m("search-after-change").rowsRead,
      rowsWritten: 0,
    },
    {
      what: "badge rendered (per data center, model and change)",
      perDay: badgeRenders,
      rowsRead: renderRows("badge-after-change"),
      rowsWritten: 0,
    },
    {
      what: "model page rendered (per data center, model and change)",
      perDay: modelRenders,
      rowsRead: m("model-cold").rowsRead,
      rowsWritten: 0,
    },
    { what: "ingests", perDay: t.ingests, rowsRead: m("ingest").rowsRead, rowsWritten: m("ingest").rowsWritten },
    { what: "votes", perDay: t.votes, rowsRead: m("vote").rowsRead, rowsWritten: m("vote").rowsWritten },
    {
      what: "submissions",
      perDay: t.submissions,
      rowsRead: m("submission").rowsRead,
      rowsWritten: m("submission").rowsWritten,
    },
  ];
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const usd = (n: number) => `$${n.toFixed(2)}`;
const overage = (used: number, included: number, perMillion: number) =>
  (Math.max(0, used - included) / 1e6) * perMillion;

/** The monthly cost table for each board size, with its largest line named. */
export function costTables(rows: readonly Measured[], sizes: readonly number[]): string {
  const t = TRAFFIC;
  const requests = MONTH_DAYS * (t.pageViews + t.badgeViews + t.ingests + t.votes + t.submissions);
  const cpuMs = requests * t.cpuMsPerRequest;
  const out: string[] = [];
  for (const size of sizes) {
    const items = lines(rows, size);
    const read = items.reduce((s, l) => s + l.perDay * l.rowsRead * MONTH_DAYS, 0);
    const written = items.reduce((s, l) => s + l.perDay * l.rowsWritten * MONTH_DAYS, 0);
    const largest = items.reduce((a, b) => (b.perDay * b.rowsRead > a.perDay * a.rowsRead ? b : a));
    const costs = {
      requests: overage(requests, PRICES.requestsIncluded, PRICES.perMillionRequests),
      cpu: overage(cpuMs, PRICES.cpuMsIncluded, PRICES.perMillionCpuMs),
      read: overage(read, PRICES.rowsReadIncluded, PRICES.perMillionRowsRead),
      written: overage(written, PRICES.rowsWrittenIncluded, PRICES.perMillionRowsWritten),
    };
    const total = PRICES.baseMonthly + costs.requests + costs.cpu + costs.read + costs.written;
    out.push(
      `**Board of ${size.toLocaleString("en-US")} rows: ${usd(total)} a month.** Largest D1 line: ${largest.what}, ` +
        `${((largest.perDay * largest.rowsRead * MONTH_DAYS * 100) / Math.max(1, read)).toFixed(0)}% of rows read.`,
      "",
      "| D1 work | times a day | rows read each | rows written each | rows read a month |",
      "|---|---:|---:|---:|---:|",
      ...items.map(
        (l) =>
          `| ${l.what} | ${fmt(l.perDay)} | ${fmt(l.rowsRead)} | ${fmt(l.rowsWritten)} | ${fmt(l.perDay * l.rowsRead * MONTH_DAYS)} |`,
      ),
      "",
      "| bill line | a month | included | cost |",
      "|---|---:|---:|---:|",
      `| Workers Paid plan | – | – | ${usd(PRICES.baseMonthly)} |`,
      `| Workers requests | ${fmt(requests)} | ${fmt(PRICES.requestsIncluded)} | ${usd(costs.requests)} |`,
      `| Workers CPU ms (estimate: ${t.cpuMsPerRequest} ms a request) | ${fmt(cpuMs)} | ${fmt(PRICES.cpuMsIncluded)} | ${usd(costs.cpu)} |`,
      `| D1 rows read | ${fmt(read)} | ${fmt(PRICES.rowsReadIncluded)} | ${usd(costs.read)} |`,
      `| D1 rows written | ${fmt(written)} | ${fmt(PRICES.rowsWrittenIncluded)} | ${usd(costs.written)} |`,
      `| **total** | | | **${usd(total)}** |`,
      "",
    );
  }
  return out.join("\n");
}
