/**
 * Cache flushes on loopback: how the whole-board CSV export is answered after each of 20 votes by 20 users, and
 * for 50 requests with a random unknown parameter (`?x=…`). Prints the count of Cache API hits and misses and
 * the median answer time of each run.
 *
 *   npx tsx bench/cache-flushes.ts
 */
import { buildWorker } from "../scripts/app-server";
import { startLoadServer } from "./mixed-load";

const CSV = "/api/v1/leaderboard.csv";

async function signIn(url: string, user: string): Promise<string> {
  const res = await fetch(`${url}/auth/dev?user=${user}`, { redirect: "manual" });
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Cache states of the answers and their median time, in ms. */
class Tally {
  states: Record<string, number> = {};
  times: number[] = [];

  async read(url: string): Promise<void> {
    const started = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    this.times.push(performance.now() - started);
    const state = res.headers.get("x-podium-cache") ?? "none";
    this.states[state] = (this.states[state] ?? 0) + 1;
  }

  toString(): string {
    const median = [...this.times].sort((a, b) => a - b)[Math.floor(this.times.length / 2)] ?? 0;
    return `${JSON.stringify(this.states)}, median ${median.toFixed(1)} ms`;
  }
}

buildWorker();
const server = await startLoadServer();
try {
  const { url } = server;
  const submitter = await signIn(url, "flush-submitter");
  const created = await fetch(`${url}/api/v1/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: submitter, origin: url },
    body: JSON.stringify({ model: "flush-org/m", precision: "bfloat16", weight_type: "Original", model_type: "chat" }),
  });
  const { data } = (await created.json()) as { data: { id: string } };
  const size = (await (await fetch(`${url}${CSV}`)).arrayBuffer()).byteLength;

  const afterVotes = new Tally();
  for (let i = 0; i < 20; i++) {
    const cookie = await signIn(url, `flush-voter-${i}`);
    const headers = { cookie, origin: url };
    const vote = await fetch(`${url}/api/v1/submissions/${data.id}/vote`, { method: "POST", headers });
    if (vote.status !== 201) throw new Error(`vote ${i}: ${vote.status}`);
    await afterVotes.read(`${url}${CSV}`);
  }
  const unknown = new Tally();
  for (let i = 0; i < 50; i++) await unknown.read(`${url}${CSV}?x=${crypto.randomUUID()}`);

  process.stdout.write(`${CSV}: ${size} bytes\n`);
  process.stdout.write(`after each of 20 votes: ${afterVotes}\n`);
  process.stdout.write(`50 requests with ?x=<random>: ${unknown}\n`);
} finally {
  await server.stop();
}
