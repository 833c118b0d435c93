/**
 * Ingest throughput: signed `evaluation.completed` deliveries, each a full results file for a new model, sent
 * under load; evaluations stored per second are counted in D1 afterwards, not taken from status codes. The
 * baseline is the bare Worker reading the same body and answering Podium's bytes.
 */
import { createHmac } from "node:crypto";
import { TEST_SECRETS, type AppServer } from "../scripts/app-server";
import type { SeedEvaluation } from "../worker/domain/seed";
import { signMessage } from "../worker/domain/signatures";
import { startBaseline } from "./baseline";
import type { BenchConfig } from "./config";
import { fullResultsFile } from "./harness-file";
import { load, meanOf, type LoadResult } from "./load";

export interface IngestMeasurement {
  bodyBytes: number;
  podium: LoadResult[];
  baseline: LoadResult[];
  /** Evaluations stored per second, per Podium run (rows in D1 ÷ run seconds). */
  stored: number[];
  storedPerSecond: number;
  /** Podium's deliveries answered with anything but 201. */
  refused: number;
  /** Answers by status code, warm-up included. */
  statuses: Record<number, number>;
  /** Deliveries signed during a run with node:crypto because the ones signed ahead ran out. */
  signedLate: number;
  ratio: number;
}

export type IngestOutcome = { measured: true; result: IngestMeasurement } | { measured: false; reason: string };

// Deliveries signed for the warm-up run, which also tells how many a measured run needs: none may repeat (a
// repeat would be a replay, answered from the record instead of stored).
const WARMUP_SIGNED = 1500;
const MODEL_MARK = "@@bench-model@@";

async function createEvaluator(url: string): Promise<{ id: string; secret: string } | string> {
  const response = await fetch(`${url}/api/v1/admin/evaluators`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench" }),
  });
  if (response.status !== 201) return `creating an evaluator answers ${response.status}: ${await response.text()}`;
  return (await response.json()) as { id: string; secret: string };
}

async function storedCount(server: AppServer): Promise<number> {
  const row = await server.db
    .prepare("select count(*) as n from evaluations where source = 'evaluator'")
    .first<{ n: number }>();
  return row?.n ?? 0;
}

interface Delivery {
  /** Which body: the n-th pushed model. */
  n: number;
  id: string;
  timestamp: number;
  signature: string;
}

/** Measures ingest on `server`; `row` gives the scores every pushed file carries. */
export async function measureIngest(
  server: AppServer,
  row: SeedEvaluation,
  config: BenchConfig,
  log: (line: string) => void,
): Promise<IngestOutcome> {
  const evaluator = await createEvaluator(server.url);
  if (typeof evaluator === "string") return { measured: false, reason: evaluator };
  const template = JSON.stringify({
    type: "evaluation.completed",
    timestamp: new Date().toISOString(),
    data: { model: { id: MODEL_MARK, revision: "main", precision: "bfloat16" }, lm_eval: fullResultsFile(row) },
  });
  const [head, tail] = template.split(MODEL_MARK) as [string, string];
  const encoder = new TextEncoder();
  const body = (n: number) => `${head}bench-org/pushed-${n}${tail}`;
  const events = `${server.url}/api/v1/evaluators/${evaluator.id}/events`;

  // Deliveries are signed ahead with the domain's signing code (WebCrypto is asynchronous, autocannon's request
  // hook is not); should a run outrun them, the rest are signed on the spot with node:crypto, per the spec.
  const key = Buffer.from(evaluator.secret.replace(/^whsec_/, ""), "base64");
  const signNow = (id: string, timestamp: number, n: number) =>
    `v1,${createHmac("sha256", key)
      .update(`${id}.${timestamp}.${body(n)}`)
      .digest("base64")}`;
  let next = 0;
  const sign = async (count: number): Promise<Delivery[]> => {
    const out: Delivery[] = [];
    const timestamp = Math.floor(Date.now() / 1000);
    for (let i = 0; i < count; i++, next++) {
      const id = `msg_bench_${next}`;
      out.push({
        n: next,
        id,
        timestamp,
        signature: await signMessage(evaluator.secret, id, timestamp, encoder.encode(body(next))),
      });
    }
    return out;
  };
  const request = (d: Delivery) => ({
    method: "POST" as const,
    path: new URL(events).pathname,
    headers: {
      "content-type": "application/json",
      "webhook-id": d.id,
      "webhook-timestamp": String(d.timestamp),
      "webhook-signature": d.signature,
    },
    body: body(d.n),
  });

  const [probe] = await sign(1);
  const answer = await fetch(events, { method: "POST", headers: request(probe!).headers, body: request(probe!).body });
  const answerBody = new Uint8Array(await answer.arrayBuffer());
  if (answer.status !== 201) {
    return {
      measured: false,
      reason: `a signed delivery answers ${answer.status}: ${new TextDecoder().decode(answerBody).slice(0, 300)}`,
    };
  }
  const baseline = await startBaseline(
    {
      "/ingest": { status: 201, contentType: answer.headers.get("content-type") ?? "", body: answerBody },
    },
    server.assets,
  );
  const statuses: Record<number, number> = {};
  const run = async (seconds: number, signed: Delivery[]) => {
    let used = 0;
    let late = 0;
    let refused = 0;
    const loaded = await load({
      url: events,
      seconds,
      connections: config.connections,
      method: "POST",
      setupRequest: (req) => {
        let d = signed[used++];
        if (!d) {
          const n = next++;
          const id = `msg_bench_${n}`;
          const timestamp = Math.floor(Date.now() / 1000);
          d = { n, id, timestamp, signature: signNow(id, timestamp, n) };
          late++;
        }
        return { ...req, ...request(d) };
      },
      onResponse: (status) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status !== 201) refused++;
      },
    });
    return { loaded, refused, late };
  };
  const warmup = await run(1, await sign(WARMUP_SIGNED));
  const perRun = Math.ceil(Math.max(warmup.loaded.requests, 50) * config.seconds * 2);
  const result: IngestMeasurement = {
    bodyBytes: encoder.encode(body(0)).length,
    podium: [],
    baseline: [],
    stored: [],
    storedPerSecond: 0,
    refused: 0,
    statuses,
    signedLate: 0,
    ratio: 0,
  };
  try {
    for (let round = 0; round < config.rounds; round++) {
      const fixedBody = body(0);
      result.baseline.push(
        await load({
          url: `${baseline.url}/ingest`,
          seconds: config.seconds,
          connections: config.connections,
          method: "POST",
          setupRequest: (req) => ({ ...req, method: "POST", body: fixedBody }),
        }),
      );
      const signed = await sign(perRun);
      const before = await storedCount(server);
      const measured = await run(config.seconds, signed);
      result.podium.push(measured.loaded);
      result.refused += measured.refused;
      result.signedLate += measured.late;
      result.stored.push(((await storedCount(server)) - before) / config.seconds);
    }
  } finally {
    await baseline.stop();
  }
  result.storedPerSecond = meanOf(result.stored, (n) => n);
  result.ratio = meanOf(result.podium, (r) => r.rps) / meanOf(result.baseline, (r) => r.rps);
  log(
    `  ingest: ${result.storedPerSecond.toFixed(0)} evaluations/s stored ` +
      `(${(result.ratio * 100).toFixed(0)}% of the baseline's ${meanOf(result.baseline, (r) => r.rps).toFixed(0)} req/s)`,
  );
  return { measured: true, result };
}
