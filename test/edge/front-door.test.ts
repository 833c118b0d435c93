/**
 * The front door (worker/edge/front-door.ts) answers a repeated anonymous hot read without the app: the answer is
 * byte for byte the full stack's (status, every header, body) for each route kind, and whatever could change the
 * full stack's answer (a moved version, a cookie, another method, other query parameters, a validator, another
 * bindings object) goes through the app as before. That the app did not run is observed by a spy on `app.fetch`.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker, { app } from "../../worker/index";
import { ORIGIN, signIn } from "../support/app";
import { seedDemo } from "../support/demo";
import { published } from "../support/publish";

const LEADER_BADGE = "/badge/MaziyarPanahi/calme-3.2-instruct-78b.svg";
const FILTERED_API = "/api/v1/leaderboard?search=llama&limit=50";
const ROUTES = ["/healthz", "/", FILTERED_API, LEADER_BADGE];
// One bindings object for every request, as an isolate has.
const bindings: Env = { ...env };

type Handler = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

interface Answer {
  status: number;
  headers: [string, string][];
  body: string;
}

async function ask(handler: Handler, path: string, init: RequestInit = {}, on: Env = bindings): Promise<Answer> {
  const ctx = createExecutionContext();
  const res = await handler(new Request(`${ORIGIN}${path}`, init), on, ctx);
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: [...res.headers], body };
}

const front = (path: string, init: RequestInit = {}, on: Env = bindings) => ask(worker.fetch, path, init, on);
const full = (path: string, init: RequestInit = {}) => ask(app.fetch, path, init);
const header = (answer: Answer, name: string) => answer.headers.find(([n]) => n === name)?.[1];

/** Twice through the front door: a miss renders and remembers, a hit from memory is what the door records. */
async function warm(path: string): Promise<void> {
  expect((await front(path)).status).toBe(200);
  expect((await front(path)).status).toBe(200);
}

beforeAll(async () => {
  await seedDemo();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("front door", () => {
  describe("happy", () => {
    it.each(ROUTES)("%s: a warm answer skips the app and is the full stack's, headers and body", async (path) => {
      await warm(path);
      const appFetch = vi.spyOn(app, "fetch");
      const fast = await front(path);
      expect(appFetch).not.toHaveBeenCalled();
      const stack = await full(path);
      expect(appFetch).toHaveBeenCalledTimes(1);
      expect(fast.status).toBe(200);
      expect(fast.headers).toEqual(stack.headers);
      expect(fast.body).toBe(stack.body);
      // The security headers travel with it.
      expect(header(fast, "content-security-policy")).toBeTruthy();
      expect(header(fast, "strict-transport-security")).toBeTruthy();
    });

    it("a cached view keeps its ETag, cache headers and version; the API keeps CORS", async () => {
      await warm(FILTERED_API);
      const fast = await front(FILTERED_API);
      expect(header(fast, "etag")).toMatch(/^W\/"/);
      expect(header(fast, "cache-control")).toBe("public, max-age=0, must-revalidate");
      expect(header(fast, "x-podium-cache")).toBe("hit");
      expect(header(fast, "x-podium-version")).toMatch(/^board=/);
      expect(header(fast, "access-control-allow-origin")).toBe("*");
      expect(JSON.parse(fast.body).data.length).toBeGreaterThan(0);
    });
  });

  describe("errors", () => {
    it("a version moved by another isolate's write goes through the app once the version bound has passed", async () => {
      const start = Date.now();
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(start);
      await warm("/");
      await env.DB.prepare(
        "insert into meta (key, value) values ('version:board', 'front-door-moved') " +
          "on conflict (key) do update set value = excluded.value",
      ).run();
      // Views are keyed by the published board: the moved version counts once it is published.
      await published();
      vi.setSystemTime(start + 2000);
      const appFetch = vi.spyOn(app, "fetch");
      const moved = await front("/");
      expect(appFetch).toHaveBeenCalledTimes(1);
      expect(moved.status).toBe(200);
      expect(header(moved, "x-podium-version")).toBe("board=front-door-moved");
      expect(header(moved, "x-podium-cache")).toBe("miss");
    });

    it("a cookie goes through the app, which checks it and answers as it always did", async () => {
      await warm("/");
      const { cookie } = await signIn("front-door-cookie");
      const appFetch = vi.spyOn(app, "fetch");
      const verify = vi.spyOn(crypto.subtle, "verify");
      const signedIn = await front("/", { headers: { cookie } });
      expect(appFetch).toHaveBeenCalledTimes(1);
      expect(verify).toHaveBeenCalled();
      expect(signedIn.status).toBe(200);
      expect(signedIn).toEqual(await full("/", { headers: { cookie } }));
    });

    it("HEAD and POST go through the app and answer as it does", async () => {
      await warm(FILTERED_API);
      const appFetch = vi.spyOn(app, "fetch");
      const head = await front(FILTERED_API, { method: "HEAD" });
      const post = await front(FILTERED_API, { method: "POST" });
      expect(appFetch).toHaveBeenCalledTimes(2);
      expect(head.status).toBe(200);
      expect(head.body).toBe("");
      expect(post).toEqual(await full(FILTERED_API, { method: "POST" }));
      expect(post.status).not.toBe(200);
    });

    it("other query parameters go through the app and answer their own rows", async () => {
      await warm(FILTERED_API);
      const llama = await front(FILTERED_API);
      const appFetch = vi.spyOn(app, "fetch");
      const qwen = await front("/api/v1/leaderboard?search=qwen&limit=50");
      expect(appFetch).toHaveBeenCalledTimes(1);
      expect(qwen.status).toBe(200);
      const ids = (answer: Answer) =>
        (JSON.parse(answer.body).data as { model: { id: string } }[]).map((r) => r.model.id);
      expect(ids(qwen).every((id) => id.toLowerCase().includes("qwen"))).toBe(true);
      expect(ids(llama).every((id) => id.toLowerCase().includes("llama"))).toBe(true);
    });

    it("If-None-Match goes through the app: a 304 for a view and for a badge", async () => {
      for (const path of [FILTERED_API, LEADER_BADGE]) {
        await warm(path);
        const etag = header(await front(path), "etag")!;
        const appFetch = vi.spyOn(app, "fetch");
        const revalidated = await front(path, { headers: { "if-none-match": etag } });
        expect(appFetch).toHaveBeenCalledTimes(1);
        expect(revalidated.status).toBe(304);
        expect(revalidated.body).toBe("");
        vi.restoreAllMocks();
      }
    });

    it("another bindings object answers as its own configuration says: a weak secret still refuses", async () => {
      await warm("/");
      const weak: Env = { ...env, SESSION_SECRET: "short" };
      const refused = await front("/", {}, weak);
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body).error.code).toBe("unavailable");
    });
  });
});
