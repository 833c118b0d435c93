import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import type { AppEnv } from "../../worker/edge/context";
import worker from "../../worker/index";
import { securityHeaders } from "../../worker/edge/security-headers";
import { seedDemo } from "../support/demo";

beforeAll(async () => {
  await seedDemo();
});

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

function directives(policy: string | null): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (policy ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values.join(" "));
  }
  return map;
}

function expectCommonHeaders(res: Response) {
  expect(res.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
}

describe("happy", () => {
  it("gives a page a strict policy whose style hash matches the one inline stylesheet", async () => {
    const res = await SELF.fetch("https://podium.test/");
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    const csp = directives(res.headers.get("content-security-policy"));
    expect(csp.get("default-src")).toBe("'self'");
    expect(csp.get("script-src")).toBe("'self'");
    expect(csp.get("img-src")).toBe("'self' data:");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'none'");
    expect(csp.get("form-action")).toBe("'self'");
    expect(csp.get("style-src")).not.toContain("unsafe-inline");

    const html = await res.text();
    const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? "");
    expect(styles).toHaveLength(1);
    expect(csp.get("style-src")).toBe(`'self' 'sha256-${await sha256Base64(styles[0]!)}'`);
    // Every script is external: an inline one would need a nonce or a hash, and the policy grants neither.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\//);
  });

  it("gives JSON a policy that allows nothing", async () => {
    const res = await SELF.fetch("https://podium.test/api/v1/leaderboard?limit=1");
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it("sends no policy with a page's 304, so the browser keeps the page's own (a 304's headers replace the stored ones)", async () => {
    const page = await SELF.fetch("https://podium.test/?sort=bbh");
    const etag = page.headers.get("etag");
    await page.arrayBuffer();
    expect(etag).toBeTruthy();
    const res = await SELF.fetch("https://podium.test/?sort=bbh", { headers: { "If-None-Match": etag! } });
    expect(res.status).toBe(304);
    expectCommonHeaders(res);
    expect(res.headers.get("content-security-policy")).toBeNull();
  });

  it("adds them to a response whose headers are immutable (Response.redirect, or one passed through from fetch)", async () => {
    const app = new Hono<AppEnv>()
      .use(securityHeaders)
      .get("/", () => Response.redirect("https://podium.test/elsewhere", 302));
    const res = await app.request("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://podium.test/elsewhere");
    expectCommonHeaders(res);
  });
});

describe("errors", () => {
  it("puts the headers on a 404 envelope too", async () => {
    const res = await SELF.fetch("https://podium.test/no/such/route");
    expect(res.status).toBe(404);
    expectCommonHeaders(res);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such route" } });
  });

  it("answers a database failure with an opaque 500 that names no internals", async () => {
    const fail = <T extends object>(db: T): T =>
      new Proxy(db, {
        get(target, prop, receiver) {
          if (prop === "prepare" || prop === "batch" || prop === "exec") {
            return () => {
              throw new Error(
                "D1_ERROR: disk I/O error at /secret/path.sqlite\n    at Database.prepare (internal.js:1:1)",
              );
            };
          }
          // Public reads go through a D1 session (middleware/cache.ts): it must fail the same way.
          if (prop === "withSession") return (...args: unknown[]) => fail((target as any).withSession(...args));
          return Reflect.get(target, prop, receiver);
        },
      }) as T;
    const failing = fail(env.DB);
    const ctx = createExecutionContext();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    let res: Response;
    try {
      res = await worker.fetch(
        // A past day's board no earlier request held: the view must read D1 (today's board may be in memory).
        new Request("https://podium.test/api/v1/leaderboard?limit=1&offset=7&as_of=2024-08-15"),
        { ...env, DB: failing },
        ctx,
      );
      await waitOnExecutionContext(ctx);
    } finally {
      console.error = original;
    }
    expect(res.status).toBe(500);
    expectCommonHeaders(res);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "Internal error" } });
    expect(text).not.toMatch(/D1_ERROR|secret|\bat\b/);
    // The operator still sees it: a true 500 is logged.
    expect(errors).toHaveLength(1);
  });
});
