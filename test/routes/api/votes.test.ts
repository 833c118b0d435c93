import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { submissions, votes } from "../../../worker/store/schema";
import { as, ORIGIN, signIn, submission, testApp } from "../../support/app";
import { HubDouble } from "../../support/hub-double";

const hub = new HubDouble();
for (const m of [
  "vote-org/a",
  "vote-org/b",
  "cap-org/a",
  "cap-org/b",
  "cap-extra/c",
  "limit-org/a",
  "ip-org/a",
  "done-org/a",
]) {
  hub.add(m);
}
const app = testApp({ hub });
const db = database(env.DB);
let submitter: { id: string; cookie: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  submitter = await signIn("submitter");
  for (const model of [
    "vote-org/a",
    "vote-org/b",
    "cap-org/a",
    "cap-org/b",
    "cap-extra/c",
    "limit-org/a",
    "ip-org/a",
    "done-org/a",
  ]) {
    const res = await app.fetch("/api/v1/submissions", {
      method: "POST",
      headers: as(submitter),
      body: submission(model),
    });
    expect(res.status).toBe(201);
    ids[model] = ((await res.json()) as any).data.id;
  }
});

const vote = (id: string, user: { cookie: string }, ip?: string, vars: Partial<Env> = {}) =>
  app.fetch(`/api/v1/submissions/${id}/vote`, { method: "POST", headers: as(user, ip) }, vars);
const unvote = (id: string, user: { cookie: string }, ip?: string) =>
  app.fetch(`/api/v1/submissions/${id}/vote`, { method: "DELETE", headers: as(user, ip) });

describe("POST/DELETE /api/v1/submissions/{id}/vote", () => {
  describe("happy", () => {
    it("records a vote, counts it, and withdraws it", async () => {
      const dana = await signIn("dana");
      const res = await vote(ids["vote-org/a"]!, dana, "198.51.100.1");
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ data: { submission_id: ids["vote-org/a"], voted: true, votes: 2 } });
      const queue = (await (
        await app.fetch("/api/v1/queue?status=PENDING", { headers: { cookie: dana.cookie } })
      ).json()) as any;
      const entry = queue.data.find((e: any) => e.id === ids["vote-org/a"]);
      expect(entry).toMatchObject({ votes: 2, voted: true });
      const off = await unvote(ids["vote-org/a"]!, dana, "198.51.100.1");
      expect(off.status).toBe(200);
      expect(await off.json()).toEqual({ data: { submission_id: ids["vote-org/a"], voted: false, votes: 1 } });
    });
  });

  describe("errors", () => {
    it("lets one user vote only once: the second answers 409 and one row is stored", async () => {
      const erin = await signIn("erin");
      expect((await vote(ids["vote-org/b"]!, erin, "198.51.100.2")).status).toBe(201);
      const again = await vote(ids["vote-org/b"]!, erin, "198.51.100.2");
      expect(again.status).toBe(409);
      expect(await again.json()).toEqual({
        error: {
          code: "conflict",
          message: "You have already voted for this submission",
          details: { submission_id: ids["vote-org/b"] },
        },
      });
      const rows = await db.select().from(votes).where(eq(votes.submissionId, ids["vote-org/b"]!));
      expect(rows.filter((r) => r.userId === erin.id)).toHaveLength(1);
    });

    it("the submitter's automatic vote counts as their one vote", async () => {
      const res = await vote(ids["vote-org/b"]!, submitter, "198.51.100.3");
      expect(res.status).toBe(409);
    });

    it("answers 429 with Retry-After and when it frees at the daily cap, exactly in D1", async () => {
      const fay = await signIn("fay");
      const cap = { VOTE_DAILY_CAP: "2" };
      expect((await vote(ids["cap-org/a"]!, fay, "198.51.100.4", cap)).status).toBe(201);
      expect((await vote(ids["cap-org/b"]!, fay, "198.51.100.4", cap)).status).toBe(201);
      const third = await vote(ids["cap-extra/c"]!, fay, "198.51.100.4", cap);
      expect(third.status).toBe(429);
      const body = (await third.json()) as any;
      expect(body.error.code).toBe("rate_limited");
      expect(body.error.message).toBe("Daily vote cap reached: 2 votes in 24 hours");
      expect(body.error.details.cap).toBe(2);
      const freesAt = Date.parse(body.error.details.frees_at);
      expect(freesAt).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
      const retry = Number(third.headers.get("retry-after"));
      expect(retry).toBeGreaterThan(23 * 3600);
      expect(retry).toBeLessThanOrEqual(24 * 3600);
      const stored = await db.select().from(votes).where(eq(votes.userId, fay.id));
      expect(stored).toHaveLength(2);
    });

    // The bindings count in fixed 60 s windows; a run may straddle one boundary, so each test sends up to two
    // windows' worth and asserts that the limit answered, and not before the configured count.
    it("answers 429 from the per-user rate limit binding, before D1, with Retry-After and a JSON error", async () => {
      const gus = await signIn("gus");
      const statuses: number[] = [];
      let limited: Response | undefined;
      // wrangler.toml: VOTE_USER_LIMITER allows 20 per 60 s. Distinct IPs so only the user key can trip.
      for (let i = 0; i < 41 && !limited; i++) {
        const res = await vote(ids["limit-org/a"]!, gus, `192.0.2.${i + 1}`);
        if (res.status === 429) limited = res;
        else statuses.push(res.status);
      }
      expect(limited?.status).toBe(429);
      expect(statuses.length).toBeGreaterThanOrEqual(20);
      expect(statuses[0]).toBe(201);
      expect(new Set(statuses.slice(1))).toEqual(new Set([409]));
      expect(limited!.headers.get("retry-after")).toBe("60");
      expect(await limited!.json()).toEqual({
        error: {
          code: "rate_limited",
          message: "Too many vote requests; slow down",
          details: { limit: "user", window_seconds: 60 },
        },
      });
    });

    it("answers 429 from the per-IP rate limit binding when many users share one address", async () => {
      // VOTE_IP_LIMITER allows 60 per 60 s per CF-Connecting-IP, whoever is signed in.
      let accepted = 0;
      let limited: Response | undefined;
      for (let i = 0; i < 121 && !limited; i++) {
        const res = await vote(ids["ip-org/a"]!, await signIn(`crowd-${i}`), "203.0.113.77");
        if (res.status === 429) limited = res;
        else {
          expect(res.status).toBe(201);
          accepted++;
        }
      }
      expect(accepted).toBeGreaterThanOrEqual(60);
      expect(limited?.headers.get("retry-after")).toBe("60");
      expect(((await limited!.json()) as any).error.details).toEqual({ limit: "ip", window_seconds: 60 });
      const stored = await db.select().from(votes).where(eq(votes.submissionId, ids["ip-org/a"]!));
      expect(stored).toHaveLength(accepted + 1);
    });

    it("answers 404 for an unknown submission and for withdrawing a vote never cast", async () => {
      const hal = await signIn("hal");
      const res = await vote("no-such-id", hal, "198.51.100.9");
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "No submission no-such-id" } });
      const off = await unvote(ids["vote-org/a"]!, hal, "198.51.100.9");
      expect(off.status).toBe(404);
      expect(await off.json()).toEqual({
        error: { code: "not_found", message: "You have no vote on this submission to withdraw" },
      });
    });

    it("answers 409 once a submission has left PENDING", async () => {
      await db.update(submissions).set({ status: "FINISHED" }).where(eq(submissions.id, ids["done-org/a"]!));
      const ivy = await signIn("ivy");
      const res = await vote(ids["done-org/a"]!, ivy, "198.51.100.10");
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({
        error: {
          code: "conflict",
          message: "Voting is closed: the submission is FINISHED",
          details: { status: "FINISHED" },
        },
      });
    });
  });

  describe("auth", () => {
    it("refuses a vote without a session (401) and a vote naming a user in the query (still 401)", async () => {
      for (const path of [
        `/api/v1/submissions/${ids["vote-org/a"]}/vote`,
        `/api/v1/submissions/${ids["vote-org/a"]}/vote?user=alice`,
      ]) {
        const res = await app.fetch(path, {
          method: "POST",
          headers: { origin: ORIGIN, "cf-connecting-ip": "198.51.100.11" },
        });
        expect(res.status).toBe(401);
        expect(((await res.json()) as any).error.code).toBe("unauthorized");
      }
    });

    it("refuses a cross-origin vote with a session cookie (403) and stores nothing", async () => {
      const jay = await signIn("jay");
      const res = await app.fetch(`/api/v1/submissions/${ids["vote-org/a"]}/vote`, {
        method: "POST",
        headers: { ...as(jay, "198.51.100.12"), origin: "https://evil.example" },
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error.code).toBe("forbidden");
      const rows = await db.select().from(votes).where(eq(votes.userId, jay.id));
      expect(rows).toEqual([]);
    });
  });
});
