/**
 * Measures every route scenario on one board: capture Podium's answer, serve the same bytes from the baseline,
 * then alternate baseline and Podium runs so that the machine's noise lands on both alike.
 */
import type { AppServer } from "../scripts/app-server";
import { startBaseline, type CapturedAnswer } from "./baseline";
import type { BenchConfig } from "./config";
import { load, meanOf, probeLatency, type LatencyResult, type LoadResult } from "./load";
import type { RouteScenario } from "./scenarios";

export interface RouteMeasurement {
  key: string;
  title: string;
  path: string;
  size: number;
  target?: number;
  available: boolean;
  /** Why the route was not measured. */
  reason?: string;
  status?: number;
  contentType?: string;
  bytes?: number;
  podium?: LoadResult[];
  baseline?: LoadResult[];
  /** Mean Podium req/s over mean baseline req/s. */
  ratio?: number;
  latency?: { podium: LatencyResult; baseline: LatencyResult };
  /** With `platform`, one run each after the pairs (see baseline.ts), and Podium's share of it. */
  platform?: {
    /** The same bytes from the bare Worker, without the static-assets layer. */
    bare: { run: LoadResult; ratio: number };
    /** The platform floor: the baseline reading the answer from the Cache API (after one D1 read for `cache+d1`). */
    floor?: { kind: "cache" | "cache+d1"; run: LoadResult; ratio: number };
  };
}

async function capture(url: string): Promise<CapturedAnswer> {
  const response = await fetch(url);
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

function problem(answer: CapturedAnswer): string {
  const text = new TextDecoder().decode(answer.body.slice(0, 300));
  return `answers ${answer.status}: ${text.replace(/\s+/g, " ").trim()}`;
}

/**
 * Measures the scenarios against `podium` holding `size` ranked evaluations; with `platform`, also what the
 * emulated platform costs (the bare Worker and the floor, one run each).
 */
export async function measureRoutes(
  podium: AppServer,
  size: number,
  scenarios: readonly RouteScenario[],
  config: BenchConfig,
  log: (line: string) => void,
  platform = false,
): Promise<RouteMeasurement[]> {
  const podiumUrl = podium.url;
  const answers: Record<string, CapturedAnswer> = {};
  const out: RouteMeasurement[] = [];
  for (const s of scenarios) {
    const answer = await capture(podiumUrl + s.path(0));
    const base = { key: s.key, title: s.title, path: s.path(0), size, target: s.target };
    if (answer.status !== 200) {
      out.push({ ...base, available: false, reason: problem(answer), status: answer.status });
      continue;
    }
    answers[`/${s.key}`] = answer;
    out.push({ ...base, available: true, status: 200, contentType: answer.contentType, bytes: answer.body.length });
  }
  const baseline = await startBaseline(answers, podium.assets);
  const bare = platform ? await startBaseline(answers) : null;
  try {
    for (const m of out) {
      if (!m.available) continue;
      const s = scenarios.find((x) => x.key === m.key)!;
      const fixed = s.path(0) === s.path(1);
      const baselineUrl = `${baseline.url}/${s.key}`;
      // Unloaded first: it also warms both isolates before the loaded runs. Distinct paths start far from the
      // loaded runs' so neither reuses the other's cached answers.
      let probeCount = 0;
      const probeBaseline = await probeLatency(() => baselineUrl, config.probes);
      const probePodium = await probeLatency(
        () => podiumUrl + s.path(fixed ? 0 : 10_000_000 + probeCount++),
        config.probes,
      );
      m.latency = { podium: probePodium, baseline: probeBaseline };
      m.podium = [];
      m.baseline = [];
      let n = 0;
      for (let round = 0; round < config.rounds; round++) {
        m.baseline.push(await load({ url: baselineUrl, seconds: config.seconds, connections: config.connections }));
        m.podium.push(
          await load({
            url: podiumUrl + s.path(0),
            seconds: config.seconds,
            connections: config.connections,
            setupRequest: fixed ? undefined : (req) => ({ ...req, path: s.path(1 + n++) }),
          }),
        );
      }
      const podiumRps = meanOf(m.podium, (r) => r.rps);
      m.ratio = podiumRps / meanOf(m.baseline, (r) => r.rps);
      if (bare) {
        const once = (url: string) => load({ url, seconds: config.seconds, connections: config.connections });
        const bareRun = await once(`${bare.url}/${s.key}`);
        m.platform = { bare: { run: bareRun, ratio: podiumRps / bareRun.rps } };
        if (s.floor) {
          const floorRun = await once(`${baseline.url}/${s.key}?${s.floor === "cache+d1" ? "d1" : "cache"}`);
          m.platform.floor = { kind: s.floor, run: floorRun, ratio: podiumRps / floorRun.rps };
        }
      }
      log(
        `  ${size} ${m.key}: podium ${podiumRps.toFixed(0)} req/s, ` +
          `baseline ${meanOf(m.baseline, (r) => r.rps).toFixed(0)} req/s (${(m.ratio * 100).toFixed(0)}%), ` +
          `unloaded p50 ${probePodium.p50.toFixed(2)} ms vs ${probeBaseline.p50.toFixed(2)} ms` +
          (m.platform
            ? `; bare Worker ${m.platform.bare.run.rps.toFixed(0)} req/s` +
              (m.platform.floor
                ? `, floor (${m.platform.floor.kind}) ${m.platform.floor.run.rps.toFixed(0)} req/s`
                : "")
            : ""),
      );
    }
  } finally {
    await baseline.stop();
    await bare?.stop();
  }
  return out;
}
