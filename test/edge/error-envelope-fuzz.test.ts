import { createRoute, z } from "@hono/zod-openapi";
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRouter } from "../../worker/edge/context";
import { errorResponse } from "../../worker/edge/errors";

/** A throwaway router built the way every route module is, with a JSON body: what Hono's validator does to it. */
function jsonBodyApp() {
  const app = createRouter().openapi(
    createRoute({
      method: "post",
      path: "/thing",
      request: {
        body: { content: { "application/json": { schema: z.object({ name: z.string() }) } }, required: true },
      },
      responses: { 200: { description: "ok" } },
    }),
    (c) => c.json({ ok: c.req.valid("json").name }, 200),
  );
  app.onError(errorResponse);
  return app;
}

function expectEnvelope(body: unknown) {
  expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |\.ts:\d|\.js:\d/);
}

describe("errors", () => {
  it("answers malformed JSON in a validated body with a 400 envelope, not a 500", async () => {
    const res = await jsonBodyApp().request("/thing", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: "Malformed JSON in request body" } });
  });

  it("never answers a random body on a validated route with a 5xx or a stack", async () => {
    const app = jsonBodyApp();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 64 })), async (body) => {
        const res = await app.request("/thing", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        expect(res.status === 200 || (res.status >= 400 && res.status < 500)).toBe(true);
        if (res.status !== 200) expectEnvelope(await res.json());
      }),
      { numRuns: 60 },
    );
  });

  it("answers any unknown path, encoded slashes and dots included, with a 404 envelope", async () => {
    const segment = fc.oneof(
      fc.constantFrom("..", ".", "%2e%2e", "%2F", "%2f..%2f", "..%2f..%2f", "%00", "%ff", "..%5c", "~", "%", "%zz"),
      fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 5 }), async (segments) => {
        const url = new URL(`https://podium.test/nope/x/${segments.join("/")}`);
        // The URL parser resolves dot segments ("..", "%2e%2e") before the Worker sees them; keep the ones it left.
        fc.pre(url.pathname.startsWith("/nope/"));
        const res = await SELF.fetch(url);
        expect(res.status).toBe(404);
        expectEnvelope(await res.json());
      }),
      { numRuns: 60 },
    );
  });
});
