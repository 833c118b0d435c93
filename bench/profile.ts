/**
 * Where the time goes under load: samples V8 CPU profiles of every isolate in the workerd process (Podium's
 * Worker, and Miniflare's own JavaScript stand-ins for D1 and the Cache API) while autocannon loads one path,
 * then prints each isolate's busy share and its hottest functions.
 *
 *   npx tsx bench/profile.ts '/badge/MaziyarPanahi/calme-3.2-instruct-78b.svg' [seconds] [size]
 *   npx tsx bench/profile.ts ingest [seconds]     (signed deliveries, as the bench sends them)
 */
import { demoData, startAppServer } from "../scripts/app-server";
import { privateBuild } from "./build";
import { benchConfig } from "./config";
import { measureIngest } from "./ingest";
import { freePort, Inspector } from "./inspector";
import { load } from "./load";
import { syntheticBoard } from "./synthetic";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

// The isolates worth watching: ours, and Miniflare's emulations of the platform's native services.
const TARGETS = ["core:user:podium", "d1:db", "cache:cache", "assets:assets-service:podium"];

/** Self time per function (µs), idle excluded, from the sample deltas. */
function selfTimes(profile: Profile): { busy: number; wall: number; top: Array<[string, number]> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    const name = node.callFrame.functionName || "(anonymous)";
    if (name === "(idle)") return;
    busy += dt;
    const where = node.callFrame.url ? ` ${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber + 1}` : "";
    self.set(`${name}${where}`, (self.get(`${name}${where}`) ?? 0) + dt);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return { busy, wall: profile.endTime - profile.startTime, top };
}

async function main() {
  const path = process.argv[2] ?? "/";
  const seconds = Number(process.argv[3] ?? 4);
  const size = Number(process.argv[4] ?? 0);
  const build = privateBuild();
  const inspectorPort = await freePort();
  const real = demoData();
  const server = await startAppServer({
    data: size ? syntheticBoard(real, size) : real,
    dist: build.dir,
    inspectorPort,
  });
  try {
    const ingest = path === "ingest";
    // Warm the isolate and the caches first, as the bench does.
    if (!ingest) for (let i = 0; i < 50; i++) await (await fetch(server.url + path)).arrayBuffer();
    const inspectors = await Promise.all(
      TARGETS.map(async (t) => [t, await Inspector.open(`ws://127.0.0.1:${inspectorPort}/${t}`)] as const),
    );
    for (const [, i] of inspectors) {
      await i.send("Profiler.enable");
      await i.send("Profiler.setSamplingInterval", { interval: 200 });
      await i.send("Profiler.start");
    }
    if (ingest) {
      const config = { ...benchConfig(real.evaluations.length), seconds, rounds: 1 };
      const outcome = await measureIngest(server, real.evaluations[0]!, config, (line) =>
        process.stdout.write(`${line}\n`),
      );
      if (!outcome.measured) process.stdout.write(`ingest not measured: ${outcome.reason}\n`);
    } else {
      const result = await load({ url: server.url + path, seconds, connections: 10 });
      process.stdout.write(
        `${path}: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, non-2xx ${result.non2xx}\n`,
      );
    }
    for (const [target, i] of inspectors) {
      const { profile } = await i.send<{ profile: Profile }>("Profiler.stop");
      const { busy, wall, top } = selfTimes(profile);
      process.stdout.write(`\n${target}: busy ${((busy / wall) * 100).toFixed(0)}% of the run\n`);
      for (const [name, us] of top) process.stdout.write(`  ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${name}\n`);
      i.close();
    }
  } finally {
    await server.stop();
    build.remove();
  }
}

await main();
