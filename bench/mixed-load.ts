/**
 * Mixed load on loopback: N concurrent clients, each a signed-in user, mixing reads (API, pages, badges),
 * votes and signed evaluator deliveries (a share of them retried with the same webhook-id, a share forged) for
 * a bounded time. Afterwards every accepted write is looked up in D1: each 201 vote must be a row, each 201
 * delivery must be exactly one evaluation and one delivery record, and no answer may be a 5xx.
 *
 *   npm run load -- --seconds 60 --clients 200
 */
import { Webhook } from "standardwebhooks";
import { buildWorker, startAppServer, TEST_SECRETS, type AppServer } from "../scripts/app-server";
import { completedEvent, harnessResults } from "../test/support/harness";

export interface MixedLoadOptions {
  url: string;
  db: D1Database;
  seconds: number;
  clients: number;
  /** Submissions to vote on, created (HUB_OFFLINE) before the clock starts. */
  submissions?: number;
}

export interface MixedLoadReport {
  seconds: number;
  clients: number;
  requests: number;
  /** Answers by status ("error" for a failed connection). */
  statuses: Record<string, number>;
  /** Requests answered 5xx or not at all, with what was asked. */
  failures: string[];
  votes: { accepted: number; verified: number };
  deliveries: { accepted: number; retried: number; retriesAnsweredSame: number; verified: number; forged: number };
  /** Accepted writes missing from D1 afterwards, or stored more than once. */
  lost: string[];
}

interface Client {
  user: string;
  cookie: string;
}

const TOP = "MaziyarPanahi/calme-3.2-instruct-78b";
const READS = [
  "/",
  "/?offset=100",
  "/?search=llama.*7b&sort=ifeval",
  "/api/v1/leaderboard?limit=20",
  "/api/v1/leaderboard?limit=50&offset=200",
  "/api/v1/leaderboard.csv?types=chat",
  `/api/v1/models/${TOP}`,
  `/models/${TOP}`,
  `/compare?models=${TOP},Qwen/Qwen2.5-72B-Instruct`,
  `/badge/${TOP}.svg?metric=average`,
  "/feed.atom",
  "/api/v1/queue",
  "/queue",
  "/api/v1/me",
  "/about",
];

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)] as T;
}

async function signIn(url: string, user: string): Promise<Client> {
  const res = await fetch(`${url}/auth/dev?user=${user}`, { redirect: "manual" });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (res.status !== 303 || !cookie) throw new Error(`dev sign-in failed for ${user}: ${res.status} (DEV_AUTH on?)`);
  return { user, cookie };
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Runs the mix against a server that has DEV_AUTH and HUB_OFFLINE on and TEST_SECRETS' admin token. */
export async function mixedLoad(options: MixedLoadOptions): Promise<MixedLoadReport> {
  const { url, db, seconds, clients: count } = options;
  const origin = new URL(url).origin;
  const run = Math.random().toString(36).slice(2, 8);
  const clients: Client[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) => signIn(url, `load-${run}-${i + j}`));
    clients.push(...(await Promise.all(batch)));
  }

  const submissionIds: string[] = [];
  for (let i = 0; i < (options.submissions ?? 20); i++) {
    const submitter = clients[i % clients.length] as Client;
    const body = await json<{ data: { id: string } }>(
      await fetch(`${url}/api/v1/submissions`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: submitter.cookie, origin },
        body: JSON.stringify({
          model: `load-${run}-org${i}/model-${i}`,
          precision: "bfloat16",
          model_type: "fine-tuned",
        }),
      }),
    );
    submissionIds.push(body.data.id);
  }

  const evaluator = await json<{ id: string; secret: string }>(
    await fetch(`${url}/api/v1/admin/evaluators`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` },
      body: JSON.stringify({ name: `load ${run}` }),
    }),
  );
  const webhook = new Webhook(evaluator.secret);
  const forger = new Webhook(`whsec_${Buffer.from("not the evaluator's secret, 32 b").toString("base64")}`);
  const eventsUrl = `${url}/api/v1/evaluators/${evaluator.id}/events`;

  const report: MixedLoadReport = {
    seconds,
    clients: count,
    requests: 0,
    statuses: {},
    failures: [],
    votes: { accepted: 0, verified: 0 },
    deliveries: { accepted: 0, retried: 0, retriesAnsweredSame: 0, verified: 0, forged: 0 },
    lost: [],
  };
  const acceptedVotes: Array<{ submission: string; user: string }> = [];
  const acceptedDeliveries = new Map<string, string>();

  async function send(what: string, input: string, init?: RequestInit): Promise<Response | null> {
    report.requests++;
    try {
      const res = await fetch(input, init);
      report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
      if (res.status < 500) return res;
      report.failures.push(
        `${res.status} ${what} ${init?.method ?? "GET"} ${input}: ${(await res.text()).slice(0, 200)}`,
      );
      return null;
    } catch (err) {
      report.statuses.error = (report.statuses.error ?? 0) + 1;
      report.failures.push(`no answer ${what}: ${(err as Error).message}`);
      return null;
    }
  }

  function signed(signer: Webhook, id: string, body: string): RequestInit {
    const now = new Date();
    return {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signer.sign(id, now, body),
      },
      body,
    };
  }

  async function deliver(client: Client, n: number) {
    const id = `msg_${client.user}_${n}`;
    const body = JSON.stringify(
      completedEvent(harnessResults({ model: `load-${run}-eval/${client.user}-${n}` }), { job_id: id }),
    );
    if (Math.random() < 0.05) {
      const res = await send("forged delivery", eventsUrl, signed(forger, id, body));
      if (res && res.status !== 401) report.failures.push(`forged delivery answered ${res.status}`);
      report.deliveries.forged++;
      await res?.body?.cancel();
      return;
    }
    const res = await send("delivery", eventsUrl, signed(webhook, id, body));
    if (res?.status !== 201) return void (await res?.body?.cancel());
    const first = (await res.json()) as { evaluation_id: string };
    acceptedDeliveries.set(id, first.evaluation_id);
    report.deliveries.accepted++;
    if (Math.random() < 0.2) {
      report.deliveries.retried++;
      const again = await send("retried delivery", eventsUrl, signed(webhook, id, body));
      if (again?.status === 200) {
        const second = (await again.json()) as { evaluation_id: string };
        if (second.evaluation_id === first.evaluation_id) report.deliveries.retriesAnsweredSame++;
      } else await again?.body?.cancel();
    }
  }

  async function vote(client: Client) {
    const submission = pick(submissionIds);
    const res = await send("vote", `${url}/api/v1/submissions/${submission}/vote`, {
      method: "POST",
      headers: { cookie: client.cookie, origin },
    });
    if (res?.status === 201) acceptedVotes.push({ submission, user: client.user });
    await res?.body?.cancel();
  }

  const end = Date.now() + seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      for (let n = 0; Date.now() < end; n++) {
        const roll = Math.random();
        if (roll < 0.15) await vote(client);
        else if (roll < 0.3) await deliver(client, n);
        else {
          const res = await send("read", `${url}${pick(READS)}`, { headers: { cookie: client.cookie } });
          await res?.arrayBuffer();
        }
      }
    }),
  );

  report.votes.accepted = acceptedVotes.length;
  for (const v of acceptedVotes) {
    const row = await db
      .prepare("SELECT count(*) AS n FROM votes WHERE submission_id = ? AND user_id = ?")
      .bind(v.submission, `dev:${v.user}`)
      .first<{ n: number }>();
    if (row?.n === 1) report.votes.verified++;
    else report.lost.push(`vote ${v.user} → ${v.submission}: ${row?.n ?? 0} rows`);
  }
  for (const [webhookId, evaluationId] of acceptedDeliveries) {
    const row = await db
      .prepare(
        `SELECT (SELECT count(*) FROM evaluations WHERE id = ?1) AS evaluations,
                (SELECT count(*) FROM deliveries WHERE evaluator_id = ?2 AND webhook_id = ?3) AS deliveries,
                (SELECT count(*) FROM evaluations WHERE json_extract(provenance, '$.webhookId') = ?3) AS stored`,
      )
      .bind(evaluationId, evaluator.id, webhookId)
      .first<{ evaluations: number; deliveries: number; stored: number }>();
    if (row?.evaluations === 1 && row.deliveries === 1 && row.stored === 1) report.deliveries.verified++;
    else report.lost.push(`delivery ${webhookId}: ${JSON.stringify(row)}`);
  }
  return report;
}

/** Starts the built Worker with what the mix needs (dev sign-in, no Hub calls). */
export function startLoadServer(): Promise<AppServer> {
  return startAppServer({ vars: { DEV_AUTH: "true", HUB_OFFLINE: "true" } });
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildWorker();
  const server = await startLoadServer();
  try {
    const report = await mixedLoad({
      url: server.url,
      db: server.db,
      seconds: argument("seconds", 60),
      clients: argument("clients", 200),
    });
    process.stdout.write(`${JSON.stringify({ ...report, failures: report.failures.slice(0, 20) }, null, 2)}\n`);
    process.exitCode = report.failures.length === 0 && report.lost.length === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}
