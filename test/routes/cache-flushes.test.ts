/**
 * Cache flushes (issue 11 D): a write moves only the versions of the views it changes, so votes, submissions and
 * queue changes leave every board view's ETag and cache entry in place, and a refused write moves nothing; query
 * parameters a route does not declare never mint a cache entry of their own.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../worker/store/db";
import { evaluations } from "../../worker/store/schema";
import { releaseExpiredLeases } from "../../worker/store/jobs";
import { as, signIn, submission, testApp } from "../support/app";
import { seedDemo } from "../support/demo";
import { newEvaluator } from "../support/evaluators";
import { completedEvent, harnessResults } from "../support/harness";
import { HubDouble } from "../support/hub-double";

const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";
const SECOND = "MaziyarPanahi/calme-3.1-instruct-78b";
const QUOTA_MODELS = ["flush-org/a", "flush-org/b", "flush-org/c", "flush-org/d", "flush-org/e", "flush-org/f"];
const hub = new HubDouble().add("vote-flush/model").add("flush-jobs/failing");
for (const m of QUOTA_MODELS) hub.add(m);
const app = testApp({ hub });
const db = database(env.DB);
let submissionId = "";
let counter = 0;

/** Every cached view of the board's data: API, exports, pages, model and compare views, feed. */
const BOARD_VIEWS = [
  "/api/v1/leaderboard",
  "/api/v1/leaderboard?search=llama&limit=3",
  "/api/v1/leaderboard.csv?types=chat",
  "/api/v1/leaderboard.json?types=chat",
  `/api/v1/models/${LEADER}`,
  "/",
  "/?search=qwen",
  `/models/${LEADER}`,
  `/compare?models=${LEADER},${SECOND}`,
  "/feed.atom",
];

type MetaRow = { key: string; value: string };

/** Every stored version, read straight from D1 (not through the code under test). */
async function storedVersions(): Promise<Record<string, string>> {
  const { results } = await env.DB.prepare("SELECT key, value FROM meta ORDER BY key").all<MetaRow>();
  return Object.fromEntries(results.map((r) => [r.key, r.value]));
}

async function read(path: string, headers: Record<string, string> = {}) {
  const res = await app.fetch(path, { headers });
  await res.arrayBuffer();
  return res;
}

/** ETag and version of each view, warmed into the cache. */
async function snapshot(paths: readonly string[]) {
  const seen: Record<string, { etag: string; version: string | null }> = {};
  for (const path of paths) {
    const res = await read(path);
    expect(res.status, path).toBe(200);
    seen[path] = { etag: res.headers.get("etag")!, version: res.headers.get("x-podium-version") };
  }
  return seen;
}

const vote = (id: string, user: { cookie: string }, method = "POST", vars: Partial<Env> = {}) =>
  app.fetch(`/api/v1/submissions/${id}/vote`, { method, headers: as(user) }, vars);
const submit = (user: { cookie: string }, model: string) =>
  app.fetch("/api/v1/submissions", { method: "POST", headers: as(user), body: submission(model) });

/** Sets a model's averages in D1 behind the cache's back (no version moves); returns how to put them back. */
async function setAverage(model: string, average: number): Promise<() => Promise<void>> {
  const rows = await db
    .select({ id: evaluations.id, average: evaluations.average })
    .from(evaluations)
    .where(eq(evaluations.modelId, model));
  await db.update(evaluations).set({ average }).where(eq(evaluations.modelId, model));
  return async () => {
    for (const row of rows) {
      await db.update(evaluations).set({ average: row.average }).where(eq(evaluations.id, row.id));
    }
  };
}

function signed(evaluator: { id: string; secret: string }, path: string, body: unknown) {
  const raw = JSON.stringify(body);
  const now = new Date();
  const id = `msg_flush_${++counter}`;
  return app.fetch(`/api/v1/evaluators/${evaluator.id}/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(evaluator.secret).sign(id, now, raw),
    },
    body: raw,
  });
}

beforeAll(async () => {
  await seedDemo();
  const res = await submit(await signIn("flush-submitter"), "vote-flush/model");
  expect(res.status).toBe(201);
  submissionId = ((await res.json()) as { data: { id: string } }).data.id;
});

describe("cache flushes", () => {
  describe("happy", () => {
    it("a vote and an unvote leave every board view's ETag, version and cache entry as they were", async () => {
      const before = await snapshot(BOARD_VIEWS);
      const voter = await signIn("flush-voter");
      const stored = await storedVersions();
      expect((await vote(submissionId, voter)).status).toBe(201);
      expect((await vote(submissionId, voter, "DELETE")).status).toBe(200);

      for (const path of BOARD_VIEWS) {
        const revalidated = await read(path, { "if-none-match": before[path]!.etag });
        expect(revalidated.status, path).toBe(304);
        const again = await read(path);
        expect(again.headers.get("x-podium-cache"), path).toBe("hit");
        expect(again.headers.get("etag"), path).toBe(before[path]!.etag);
        expect(again.headers.get("x-podium-version"), path).toBe(before[path]!.version);
        expect(again.headers.get("x-podium-version"), path).toMatch(/^board=[0-9a-z]+-[0-9a-f]{8}$/);
      }
      // The votes did move a version: the queue's, and only that one.
      const after = await storedVersions();
      const moved = Object.keys(after).filter((k) => after[k] !== stored[k]);
      expect(moved).toEqual(["version:queue"]);
    });

    it("a badge keeps its cache entry across a vote, and a new evaluation moves it on", async () => {
      const path = `/badge/${LEADER}.svg?metric=average`;
      const shown = await (await app.fetch(path)).text();
      expect(shown).toContain("52.08");
      const restore = await setAverage(LEADER, 99.5);
      expect((await vote(submissionId, await signIn("flush-badge-voter"))).status).toBe(201);
      expect(await (await app.fetch(path)).text()).toBe(shown);
      // An evaluation is a board write: the badge is rendered afresh and shows what D1 holds.
      const ev = await newEvaluator({ name: "flush badge lab" });
      const body = completedEvent(harnessResults({ model: "flush-org/badge-7b" }));
      expect((await signed({ id: ev.id, secret: ev.secret! }, "events", body)).status).toBe(201);
      expect(await (await app.fetch(path)).text()).toContain("99.50");
      await restore();
    });

    it("a deploy renders badges afresh: their cache is keyed by the deployed code's version too", async () => {
      const path = `/badge/${SECOND}.svg?metric=average`;
      const shown = await (await app.fetch(path)).text();
      expect(shown).not.toContain("flagged");
      // A flag set in D1 behind the cache's back (no version moves): only a fresh render reads it.
      await env.DB.prepare("UPDATE models SET flagged = 1 WHERE id = ?").bind(SECOND).run();
      expect(await (await app.fetch(path)).text()).toBe(shown);
      const deploy = { CF_VERSION_METADATA: { id: "next-deploy", tag: "", timestamp: "" } };
      expect(await (await app.fetch(path, {}, deploy)).text()).toContain("flagged");
      await env.DB.prepare("UPDATE models SET flagged = 0 WHERE id = ?").bind(SECOND).run();
    });

    it("a new evaluation moves the board's views, and views of no data stay as they were", async () => {
      const staticViews = ["/api/v1/benchmarks", "/api/v1/openapi.json", "/docs"];
      const board = await snapshot(["/api/v1/leaderboard", "/feed.atom"]);
      const statics = await snapshot(staticViews);
      const ev = await newEvaluator({ name: "flush lab" });
      const body = completedEvent(harnessResults({ model: "flush-org/new-7b" }));
      expect((await signed({ id: ev.id, secret: ev.secret! }, "events", body)).status).toBe(201);
      for (const path of Object.keys(board)) {
        const res = await read(path, { "if-none-match": board[path]!.etag });
        expect(res.status, path).toBe(200);
        expect(res.headers.get("x-podium-version"), path).not.toBe(board[path]!.version);
      }
      for (const path of staticViews) {
        expect((await read(path, { "if-none-match": statics[path]!.etag })).status, path).toBe(304);
        const again = await read(path);
        expect(again.headers.get("x-podium-cache"), path).toBe("hit");
        expect(again.headers.get("x-podium-version"), path).toBeNull();
      }
    });

    it("jobs move the queue version alone, and a job's finished evaluation moves the board's with it", async () => {
      const ev = await newEvaluator({ name: "flush jobs lab" });
      const who = { id: ev.id, secret: ev.secret! };
      const moves = async (path: string, body: unknown, status: number) => {
        const before = await storedVersions();
        const res = await signed(who, path, body);
        expect(res.status, path).toBe(status);
        const answer = (await res.json()) as Record<string, string>;
        const after = await storedVersions();
        return { answer, moved: Object.keys(after).filter((k) => after[k] !== before[k]) };
      };
      const at = "2026-11-29T12:00:00Z";
      const first = await moves("jobs/claim", {}, 200);
      expect(first.moved).toEqual(["version:queue"]);
      const start = { type: "evaluation.started", timestamp: at, data: { job_id: first.answer.job_id } };
      const started = await moves("events", start, 202);
      expect(started.moved).toEqual(["version:queue"]);
      const results = harnessResults({ model: first.answer.model, sha: first.answer.sha });
      const done = await moves("events", completedEvent(results, { job_id: first.answer.job_id }), 201);
      expect(done.moved).toEqual(["version:board", "version:queue"]);

      expect((await submit(await signIn("flush-jobs-submitter"), "flush-jobs/failing")).status).toBe(201);
      const second = await moves("jobs/claim", {}, 200);
      expect(second.answer.model).toBe("flush-jobs/failing");
      expect(second.moved).toEqual(["version:queue"]);
      const reason = "out of memory";
      const failed = { type: "evaluation.failed", timestamp: at, data: { job_id: second.answer.job_id, reason } };
      expect((await moves("events", failed, 202)).moved).toEqual(["version:queue"]);
    });
  });

  describe("errors", () => {
    it("refused or empty writes move no version: capped vote, withdrawing no vote, over quota, idle cron", async () => {
      const voter = await signIn("flush-capped");
      const cap = { VOTE_DAILY_CAP: "1" };
      const queued: string[] = [];
      const submitter = await signIn("flush-org");
      for (const model of QUOTA_MODELS.slice(0, 5)) {
        const res = await submit(submitter, model);
        expect(res.status, model).toBe(201);
        queued.push(((await res.json()) as { data: { id: string } }).data.id);
      }
      expect((await vote(queued[0]!, voter, "POST", cap)).status).toBe(201);
      const before = await storedVersions();

      expect((await vote(queued[1]!, voter, "POST", cap)).status).toBe(429);
      expect((await vote(queued[2]!, voter, "DELETE")).status).toBe(404);
      expect((await submit(submitter, QUOTA_MODELS[5]!)).status).toBe(429);
      expect(await releaseExpiredLeases(db, Date.now())).toBe(0);
      expect(await storedVersions()).toEqual(before);
    });

    it("unknown query parameters share the entry of the URL without them, on every cached read", async () => {
      const paths = [
        "/api/v1/leaderboard.csv",
        "/api/v1/leaderboard.json",
        "/api/v1/leaderboard?limit=2",
        `/api/v1/models/${LEADER}`,
        "/api/v1/benchmarks",
        "/api/v1/openapi.json",
        "/",
        "/?types=chat",
        `/models/${LEADER}`,
        `/compare?models=${LEADER}`,
        "/feed.atom",
        "/docs",
      ];
      for (const path of paths) {
        const join = path.includes("?") ? "&" : "?";
        const one = await read(`${path}${join}x=1`);
        expect(one.status, path).toBe(200);
        const two = await read(`${path}${join}x=2&utm_source=news`);
        expect(two.status, path).toBe(200);
        expect(two.headers.get("x-podium-cache"), path).toBe("hit");
        expect(two.headers.get("etag"), path).toBe(one.headers.get("etag"));
        const plain = await read(path, { "if-none-match": one.headers.get("etag")! });
        expect(plain.status, path).toBe(304);
      }
    });
  });
});
