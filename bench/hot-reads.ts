/**
 * The hot reads alone (`/healthz`, cached `/`, the searched API, a badge) on the real board, each against the
 * baseline that returns the same bytes behind the same static-assets layer, in one run: the quick check of what a
 * hot read pays for beyond the bytes. The bare Worker's figure (no assets layer) is shown beside it.
 *
 *   npx tsx bench/hot-reads.ts
 */
import { demoData, startAppServer } from "../scripts/app-server";
import { privateBuild } from "./build";
import { benchConfig } from "./config";
import { meanOf } from "./load";
import { measureRoutes } from "./routes";
import { routeScenarios } from "./scenarios";

const HOT = new Set(["healthz", "home", "api-search", "badge"]);
const log = (line: string) => process.stderr.write(`${line}\n`);

const build = privateBuild();
process.on("exit", () => build.remove());
const real = demoData();
const config = benchConfig(real.evaluations.length);
const leader = real.evaluations.reduce((best, e) => (e.average > best.average ? e : best)).modelId;
const server = await startAppServer({ data: real, dist: build.dir });
try {
  const scenarios = routeScenarios(leader).filter((s) => HOT.has(s.key));
  const measured = await measureRoutes(server, real.evaluations.length, scenarios, config, log, true);
  const rows = measured.map((m) => {
    const podium = m.podium ? meanOf(m.podium, (r) => r.rps) : Number.NaN;
    const baseline = m.baseline ? meanOf(m.baseline, (r) => r.rps) : Number.NaN;
    const ratio = m.ratio === undefined ? "–" : `${(m.ratio * 100).toFixed(0)}%`;
    const unloaded = m.latency ? `${m.latency.podium.p50.toFixed(2)} (${m.latency.baseline.p50.toFixed(2)})` : "–";
    const bare = m.platform
      ? `${m.platform.bare.run.rps.toFixed(0)} (${(m.platform.bare.ratio * 100).toFixed(0)}%)`
      : "–";
    return `| ${m.title} | ${podium.toFixed(0)} | ${baseline.toFixed(0)} | ${ratio} | ${unloaded} | ${bare} |`;
  });
  process.stdout.write(
    [
      `Run at ${new Date().toISOString()}, ${config.rounds} × ${config.seconds} s pairs, ${config.connections} connections.`,
      "",
      "| route | Podium req/s | baseline req/s | ratio | unloaded p50 ms (baseline) | bare Worker req/s (Podium's share) |",
      "|---|---:|---:|---:|---:|---:|",
      ...rows,
      "",
    ].join("\n"),
  );
} finally {
  await server.stop();
}
