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
  /** Workers KV operations (the published board). */
  kvReads?: number;
  kvWrites?: number;
  /** The snapshot a publish wrote, in bytes. */
  snapshotBytes?: number;
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
  /** BOARD_PUBLISH_SECONDS: at most one publish per this many seconds. */
  publishIntervalSeconds: 10,
  /** Cron runs a day (every 5 minutes): each asks whether the published board lags. */
  cronRuns: 288,
  /** Wall time of the publisher per publish, s, at 128 MB: an estimate, not measured by this script. */
  publishSeconds: 2,
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
  kvReadsIncluded: 10_000_000,
  perMillionKvReads: 0.5,
  kvWritesIncluded: 1_000_000,
  perMillionKvWrites: 5,
  doRequestsIncluded: 1_000_000,
  perMillionDoRequests: 0.15,
  doGbSecondsIncluded: 400_000,
  perMillionDoGbSeconds: 12.5,
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
  kvReads?: number;
  kvWrites?: number;
}

/**
 * Publishes a day: a change publishes unless one went out within the interval; with changes arriving at random,
 * a change finds the publisher quiet with probability e^(−λT), and every busy interval ends in one alarm publish.
 */
export function publishesPerDay(changes: number, intervalSeconds: number): number {
  const quiet = Math.exp(-(changes / DAY_S) * intervalSeconds);
  return changes * quiet + changes * (1 - quiet) * quiet;
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
  const model = t.pageViews * t.shares.model;
  const frontRenders = t.ingests * t.dataCenters * seen(front / t.dataCenters, changeInterval);
  const publishes = publishesPerDay(t.ingests, t.publishIntervalSeconds);
  const publishInterval = DAY_S / publishes;
  // Every isolate that serves a board view or a badge after a publish reads its snapshot once.
  const boardLoads = publishes * isolates * seen((t.pageViews + t.badgeViews) / isolates, publishInterval);
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
      what: "publish: the board built once from D1, one KV put (per published version)",
      perDay: publishes,
      rowsRead: m("publish").rowsRead,
      rowsWritten: m("publish").rowsWritten,
      kvWrites: m("publish").kvWrites ?? 0,
    },
    {
      what: "published board loaded (per isolate per publish: one KV read)",
      perDay: boardLoads,
      rowsRead: 0,
      rowsWritten: 0,
      kvReads: m("board-load").kvReads ?? 0,
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
    const kvReads = items.reduce((s, l) => s + l.perDay * (l.kvReads ?? 0) * MONTH_DAYS, 0);
    const kvWrites = items.reduce((s, l) => s + l.perDay * (l.kvWrites ?? 0) * MONTH_DAYS, 0);
    const publishes = publishesPerDay(t.ingests, t.publishIntervalSeconds);
    // One request per board write, one alarm per debounced publish, one per cron run that finds a lag (at most all).
    const doRequests = MONTH_DAYS * (t.ingests + publishes + t.cronRuns);
    const doGbSeconds = MONTH_DAYS * publishes * t.publishSeconds * 0.128;
    const costs = {
      requests: overage(requests, PRICES.requestsIncluded, PRICES.perMillionRequests),
      cpu: overage(cpuMs, PRICES.cpuMsIncluded, PRICES.perMillionCpuMs),
      read: overage(read, PRICES.rowsReadIncluded, PRICES.perMillionRowsRead),
      written: overage(written, PRICES.rowsWrittenIncluded, PRICES.perMillionRowsWritten),
      kvReads: overage(kvReads, PRICES.kvReadsIncluded, PRICES.perMillionKvReads),
      kvWrites: overage(kvWrites, PRICES.kvWritesIncluded, PRICES.perMillionKvWrites),
      doRequests: overage(doRequests, PRICES.doRequestsIncluded, PRICES.perMillionDoRequests),
      doDuration: overage(doGbSeconds, PRICES.doGbSecondsIncluded, PRICES.perMillionDoGbSeconds),
    };
    const total = Object.values(costs).reduce((a, b) => a + b, PRICES.baseMonthly);
    out.push(
      `**Board of ${size.toLocaleString("en-US")} rows: ${usd(total)} a month.** Largest D1 line: ${largest.what}, ` +
        `${((largest.perDay * largest.rowsRead * MONTH_DAYS * 100) / Math.max(1, read)).toFixed(0)}% of rows read.`,
      "",
      "| D1 and KV work | times a day | rows read each | rows written each | KV reads / puts each | rows read a month |",
      "|---|---:|---:|---:|---:|---:|",
      ...items.map(
        (l) =>
          `| ${l.what} | ${fmt(l.perDay)} | ${fmt(l.rowsRead)} | ${fmt(l.rowsWritten)} | ${l.kvReads ?? 0} / ${l.kvWrites ?? 0} | ${fmt(l.perDay * l.rowsRead * MONTH_DAYS)} |`,
      ),
      "",
      "| bill line | a month | included | cost |",
      "|---|---:|---:|---:|",
      `| Workers Paid plan | – | – | ${usd(PRICES.baseMonthly)} |`,
      `| Workers requests | ${fmt(requests)} | ${fmt(PRICES.requestsIncluded)} | ${usd(costs.requests)} |`,
      `| Workers CPU ms (estimate: ${t.cpuMsPerRequest} ms a request) | ${fmt(cpuMs)} | ${fmt(PRICES.cpuMsIncluded)} | ${usd(costs.cpu)} |`,
      `| D1 rows read | ${fmt(read)} | ${fmt(PRICES.rowsReadIncluded)} | ${usd(costs.read)} |`,
      `| D1 rows written | ${fmt(written)} | ${fmt(PRICES.rowsWrittenIncluded)} | ${usd(costs.written)} |`,
      `| KV reads | ${fmt(kvReads)} | ${fmt(PRICES.kvReadsIncluded)} | ${usd(costs.kvReads)} |`,
      `| KV writes | ${fmt(kvWrites)} | ${fmt(PRICES.kvWritesIncluded)} | ${usd(costs.kvWrites)} |`,
      `| Durable Object requests (writes, alarms, cron) | ${fmt(doRequests)} | ${fmt(PRICES.doRequestsIncluded)} | ${usd(costs.doRequests)} |`,
      `| Durable Object GB-s (estimate: ${t.publishSeconds} s a publish at 128 MB) | ${fmt(doGbSeconds)} | ${fmt(PRICES.doGbSecondsIncluded)} | ${usd(costs.doDuration)} |`,
      `| **total** | | | **${usd(total)}** |`,
      "",
    );
  }
  return out.join("\n");
}
