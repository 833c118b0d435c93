import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { configure } from "../../worker/edge/configure";
import { createRouter } from "../../worker/edge/context";
import { cachedRead, requestVersion } from "../../worker/edge/response-cache";
import { seedDemo } from "../support/demo";

beforeAll(async () => {
  await seedDemo();
});

let served = 0;
const app = createRouter()
  .use(configure)
  .get("/shared", cachedRead({ keyedBy: ["board"], parameters: ["a", "b", "deploy"], maxAge: 30 }), (c) => {
    served++;
    return c.json({ version: requestVersion(c, "board"), served });
  })
  .get(
    "/personal",
    cachedRead({ keyedBy: ["board"], parameters: [], personal: (c) => c.req.header("x-user") ?? null }),
    (c) => c.json({ user: c.req.header("x-user") ?? null }),
  )
  .get("/cookie", cachedRead({ keyedBy: ["board"], parameters: [] }), (c) => {
    served++;
    c.header("set-cookie", "a=b");
    return c.json({ served });
  });

async function get(path: string, headers: Record<string, string> = {}, bindings: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://cache.test${path}`, { headers }), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("cachedRead", () => {
  describe("happy", () => {
    it("serves a repeated view from the Cache API without running the handler", async () => {
      const first = await get("/shared?b=2&a=1");
      expect(first.headers.get("cache-control")).toBe("public, max-age=30, must-revalidate");
      expect(first.headers.get("x-podium-cache")).toBe("miss");
      const body = (await first.json()) as { served: number; version: string };
      const again = await get("/shared?a=1&b=2");
      expect(again.headers.get("x-podium-cache")).toBe("hit");
      expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
      expect(await again.json()).toEqual(body);
    });

    it("keys ETags and the Cache API by the deployed version too, so a deploy never serves the last one's answers", async () => {
      const before = await get("/shared?deploy=1");
      const etag = before.headers.get("etag")!;
      const served = ((await before.json()) as { served: number }).served;
      const deploy = { CF_VERSION_METADATA: { id: "next-deploy", tag: "", timestamp: "" } };
      const after = await get("/shared?deploy=1", { "if-none-match": etag }, deploy);
      expect(after.status).toBe(200);
      expect(after.headers.get("x-podium-cache")).toBe("miss");
      expect(after.headers.get("etag")).not.toBe(etag);
      expect(((await after.json()) as { served: number }).served).toBe(served + 1);
    });

    it("keeps personal views private: per-person ETag, never in the shared cache", async () => {
      const anon = await get("/personal");
      expect(anon.headers.get("cache-control")).toMatch(/^public/);
      const alice = await get("/personal", { "x-user": "alice" });
      const bob = await get("/personal", { "x-user": "bob" });
      expect(alice.headers.get("cache-control")).toBe("private, max-age=0, must-revalidate");
      expect(alice.headers.get("etag")).not.toBe(bob.headers.get("etag"));
      expect(alice.headers.get("etag")).not.toBe(anon.headers.get("etag"));
      expect(await bob.json()).toEqual({ user: "bob" });
      const aliceAgain = await get("/personal", { "x-user": "alice" });
      expect(aliceAgain.headers.get("x-podium-cache")).toBe("miss");
      const notModified = await get("/personal", { "x-user": "alice", "if-none-match": alice.headers.get("etag")! });
      expect(notModified.status).toBe(304);
      const otherPerson = await get("/personal", { "x-user": "bob", "if-none-match": alice.headers.get("etag")! });
      expect(otherPerson.status).toBe(200);
    });

    it("never stores a response that sets a cookie", async () => {
      const first = await get("/cookie");
      expect(first.headers.get("x-podium-cache")).toBe("miss");
      const before = ((await first.json()) as { served: number }).served;
      const again = await get("/cookie");
      expect(again.headers.get("x-podium-cache")).toBe("miss");
      expect(((await again.json()) as { served: number }).served).toBe(before + 1);
    });
  });
});
