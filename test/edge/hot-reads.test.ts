/**
 * Hot reads cost no D1 and no session work: a badge on a warm isolate answers from memory without a D1 statement
 * (counted by the bench's counting D1 wrapper, not timed), within a stated bound of another isolate's write, and
 * `/healthz` never checks a session cookie.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { countingD1 } from "../../bench/counting-d1";
import { BADGE_VERSION_MAX_AGE_MS } from "../../worker/edge/response-cache";
import worker from "../../worker/index";
import { ORIGIN, signIn } from "../support/app";
import { seedDemo } from "../support/demo";
import { published } from "../support/publish";

const LEADER_BADGE = "/badge/MaziyarPanahi/calme-3.2-instruct-78b.svg";
const counting = countingD1(env.DB);
// One bindings object for every request, as an isolate has: the configuration is parsed once per bindings object.
const counted: Env = { ...env, DB: counting.db };

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { headers }), counted, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return res;
}

/** D1 statements the request to `path` ran. */
async function statementsOf(path: string, headers: Record<string, string> = {}): Promise<number> {
  counting.reset();
  expect((await get(path, headers)).status).toBe(200);
  return counting.counts().statements;
}

beforeAll(async () => {
  await seedDemo();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("hot reads", () => {
  describe("happy", () => {
    it("a warm badge reads no D1, also long after the version was read; a cold one does", async () => {
      expect(await statementsOf(LEADER_BADGE)).toBeGreaterThan(0);
      expect(await statementsOf(LEADER_BADGE)).toBe(0);
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.now() + BADGE_VERSION_MAX_AGE_MS / 2);
      expect(await statementsOf(LEADER_BADGE)).toBe(0);
    });

    it("/healthz verifies no session cookie and reads no D1, where another route verifies the same cookie", async () => {
      const { cookie } = await signIn("hot-reads-healthz");
      const verify = vi.spyOn(crypto.subtle, "verify");
      expect(await statementsOf("/healthz", { cookie })).toBe(0);
      expect(verify).not.toHaveBeenCalled();
      expect(await statementsOf("/api/v1/me", { cookie })).toBeGreaterThan(0);
      expect(verify).toHaveBeenCalled();
    });
  });

  describe("errors", () => {
    it("a write in another isolate shows in this isolate's badges once the version bound has passed", async () => {
      // Past the bound of any versions an earlier test left in memory: this isolate reads them at `start`.
      const start = Date.now() + BADGE_VERSION_MAX_AGE_MS + 1000;
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(start);
      await statementsOf(LEADER_BADGE);
      // Another isolate's write: the version moves in D1 without this isolate's own write path, and is published.
      await env.DB.prepare(
        "insert into meta (key, value) values ('version:board', 'moved-elsewhere') " +
          "on conflict (key) do update set value = excluded.value",
      ).run();
      await published();
      vi.setSystemTime(start + BADGE_VERSION_MAX_AGE_MS - 1000);
      expect(await statementsOf(LEADER_BADGE)).toBe(0);
      vi.setSystemTime(start + BADGE_VERSION_MAX_AGE_MS + 1000);
      // The version read, then the standing under the new version: the badge is rendered afresh.
      expect(await statementsOf(LEADER_BADGE)).toBeGreaterThanOrEqual(2);
      expect(await statementsOf(LEADER_BADGE)).toBe(0);
    });
  });
});
