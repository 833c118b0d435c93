/**
 * Faults: D1 failing in the middle of a write (ingest, vote, job claim, submission) leaves the database exactly as
 * it was and a retry succeeds; a delivery whose answer was lost is stored once however it is retried.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { signedHeaders } from "../../worker/domain/signatures";
import { as, signIn, submission, testApp } from "../support/app";
import { newEvaluator } from "../support/evaluators";
import { faultyDb } from "../support/faulty-db";
import { completedEvent, harnessResults } from "../support/harness";
import { HubDouble } from "../support/hub-double";

const hub = new HubDouble();
const app = testApp({ hub });
let evaluator: { id: string; secret: string };

beforeAll(async () => {
  const ev = await newEvaluator({ name: "fault lab" });
  evaluator = { id: ev.id, secret: ev.secret! };
});

/** Every row of every table: "as before" means exactly this. */
async function everything(): Promise<Record<string, unknown[]>> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables.results) {
    out[name] = (await env.DB.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()).results;
  }
  return out;
}

async function count(sql: string, ...params: unknown[]): Promise<number> {
  return (
    (await env.DB.prepare(sql)
      .bind(...params)
      .first<number>("n")) ?? 0
  );
}

const internalError = { error: { code: "internal", message: "Internal error" } };

/**
 * Runs `request` with the Nth write failing, for N = 1, 2, … until a run sees no fault: each faulted run must
 * answer an opaque 500 and leave every table as it was. The last run is the retry that succeeds: returns how
 * many writes failed before it and its answer.
 */
async function everyWriteFails(
  request: (db: D1Database) => Promise<Response>,
): Promise<{ faults: number; retry: Response }> {
  const silence = console.error;
  console.error = () => {};
  try {
    for (let failAt = 1; failAt < 20; failAt++) {
      const before = await everything();
      const faulty = faultyDb(env.DB, { failAt });
      const res = await request(faulty.db);
      if (!faulty.fired()) return { faults: failAt - 1, retry: res };
      expect(res.status, `write ${failAt} failing`).toBe(500);
      expect(await res.json()).toEqual(internalError);
      expect(await everything(), `write ${failAt} failing`).toEqual(before);
    }
    throw new Error("more than 19 writes in one request");
  } finally {
    console.error = silence;
  }
}

async function signedDelivery(webhookId: string, raw: string, db: D1Database = env.DB, path = "events") {
  const signed = await signedHeaders(
    evaluator.secret,
    webhookId,
    Math.floor(Date.now() / 1000),
    new TextEncoder().encode(raw),
  );
  return app.fetch(
    `/api/v1/evaluators/${evaluator.id}/${path}`,
    {
      method: "POST",
      headers: { "content-type": "application/json", ...signed },
      body: raw,
    },
    { DB: db },
  );
}

describe("faults", () => {
  describe("errors", () => {
    it("a D1 failure at any write of an ingest changes nothing, and the retry stores it once", async () => {
      const raw = JSON.stringify(completedEvent(harnessResults({ model: "fault-org/ingest-7b" }), { job_id: "j1" }));
      const { faults, retry } = await everyWriteFails((db) => signedDelivery("msg_fault_ingest", raw, db));
      expect(faults).toBeGreaterThan(0);
      expect(retry.status).toBe(201);
      const { evaluation_id } = (await retry.json()) as { evaluation_id: string };
      expect(await count("SELECT count(*) AS n FROM evaluations WHERE id = ?", evaluation_id)).toBe(1);
      expect(await count("SELECT count(*) AS n FROM deliveries WHERE webhook_id = 'msg_fault_ingest'")).toBe(1);
    });

    it("a delivery whose answer was lost, retried later re-signed, is stored once and answered the same", async () => {
      const raw = JSON.stringify(completedEvent(harnessResults({ model: "fault-org/timeout-7b" })));
      const first = await signedDelivery("msg_fault_timeout", raw);
      expect(first.status).toBe(201);
      const answer = await first.json();
      // The evaluator never saw that answer: it retries with the same id, a newer timestamp, a new signature.
      await new Promise((r) => setTimeout(r, 1100));
      const retry = await signedDelivery("msg_fault_timeout", raw);
      expect(retry.status).toBe(200);
      expect(await retry.json()).toEqual(answer);
      expect(
        await count(
          "SELECT count(*) AS n FROM evaluations WHERE json_extract(provenance, '$.webhookId') = 'msg_fault_timeout'",
        ),
      ).toBe(1);
    });

    it("a D1 failure at any write of a vote changes nothing, and the retry counts it once", async () => {
      hub.add("fault-org/voted");
      const submitter = await signIn("fault-submitter");
      const created = await app.fetch("/api/v1/submissions", {
        method: "POST",
        headers: as(submitter),
        body: submission("fault-org/voted"),
      });
      expect(created.status).toBe(201);
      const id = ((await created.json()) as { data: { id: string } }).data.id;
      const voter = await signIn("fault-voter");
      const vote = (db: D1Database) =>
        app.fetch(`/api/v1/submissions/${id}/vote`, { method: "POST", headers: as(voter, "198.51.100.7") }, { DB: db });
      const { faults, retry } = await everyWriteFails(vote);
      expect(faults).toBeGreaterThan(0);
      expect(retry.status).toBe(201);
      expect(await count("SELECT count(*) AS n FROM votes WHERE submission_id = ?", id)).toBe(2);
    });

    it("a D1 failure at any write of a job claim changes nothing, and the retry claims the job once", async () => {
      hub.add("fault-org/claimed");
      const user = await signIn("fault-claim-submitter");
      const created = await app.fetch("/api/v1/submissions", {
        method: "POST",
        headers: as(user),
        body: submission("fault-org/claimed"),
      });
      expect(created.status).toBe(201);
      const running = () => count("SELECT count(*) AS n FROM submissions WHERE status = 'RUNNING'");
      const before = await running();
      const claim = (db: D1Database) => signedDelivery("msg_fault_claim", '{"gpu":"H100"}', db, "jobs/claim");
      const { faults, retry } = await everyWriteFails(claim);
      expect(faults).toBeGreaterThan(0);
      expect(retry.status).toBe(200);
      const job = (await retry.json()) as { submission_id: string };
      expect(
        await count("SELECT count(*) AS n FROM submissions WHERE id = ? AND status = 'RUNNING'", job.submission_id),
      ).toBe(1);
      expect(await running()).toBe(before + 1);
      expect(await count("SELECT count(*) AS n FROM deliveries WHERE webhook_id = 'msg_fault_claim'")).toBe(1);
    });

    it("a D1 failure at any write of a submission changes nothing, and the retry queues it once", async () => {
      hub.add("fault-org/submitted");
      const user = await signIn("fault-submitter-2");
      const submit = (db: D1Database) =>
        app.fetch(
          "/api/v1/submissions",
          { method: "POST", headers: as(user), body: submission("fault-org/submitted") },
          { DB: db },
        );
      const { faults, retry } = await everyWriteFails(submit);
      expect(faults).toBeGreaterThan(0);
      expect(retry.status).toBe(201);
      expect(await count("SELECT count(*) AS n FROM submissions WHERE model_id = 'fault-org/submitted'")).toBe(1);
    });
  });
});
