/**
 * Load runs on loopback: autocannon for throughput and loaded latency (fixed connections, bounded in time), and
 * a sequential probe for unloaded latency with sub-millisecond resolution (autocannon's histogram counts whole
 * milliseconds, too coarse for a 1 ms page).
 */
import autocannon from "autocannon";

export interface LoadResult {
  /** Mean requests per second over the run. */
  rps: number;
  /** Loaded latency, ms (whole milliseconds, autocannon's resolution). */
  p50: number;
  p99: number;
  requests: number;
  /** Answers outside 2xx, and socket errors or timeouts. */
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  method?: "GET" | "POST";
  /** Builds each request (for POST bodies that must differ every time); must be synchronous. */
  setupRequest?: autocannon.Request["setupRequest"];
  onResponse?: autocannon.Request["onResponse"];
}

/** One bounded autocannon run. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? "GET",
    requests:
      options.setupRequest || options.onResponse
        ? [{ method: options.method ?? "GET", setupRequest: options.setupRequest, onResponse: options.onResponse }]
        : undefined,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export interface LatencyResult {
  /** Unloaded latency (one request at a time), ms. */
  p50: number;
  p99: number;
  samples: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/** Sends `count` GETs one after another on a kept-alive connection and times each to its last byte. */
export async function probeLatency(url: (i: number) => string, count: number): Promise<LatencyResult> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = url(i);
    const start = performance.now();
    const response = await fetch(target);
    await response.arrayBuffer();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), samples: count };
}

/** Mean of several runs' numbers. */
export function meanOf<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((sum, item) => sum + pick(item), 0) / items.length;
}
