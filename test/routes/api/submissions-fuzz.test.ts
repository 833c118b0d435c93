/**
 * Submissions under hostile bodies, through the JSON API and the HTML form: a 201/303 that queued exactly one
 * row, or a 4xx that queued nothing; never a 5xx.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { as, ORIGIN, signIn, testApp } from "../../support/app";
import { HubDouble } from "../../support/hub-double";

const hub = new HubDouble();
const app = testApp({ hub });
let cookie: string;

beforeAll(async () => {
  // Many users, so the per-namespace quota is not what every request runs into.
  cookie = (await signIn("fuzz-submitter")).cookie;
  for (const model of ["fuzz-org/ok", "Fuzz-Org/Mixed.Case_1", "a/b"]) hub.add(model);
});

async function rows(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM submissions").first<number>("n")) ?? 0;
}

const field = fc.oneof(
  fc.constantFrom<unknown>(
    "fuzz-org/ok",
    "Fuzz-Org/Mixed.Case_1",
    "a/b",
    "../../etc/passwd",
    "org/<script>alert(1)</script>",
    "org/name\u0000",
    "org//name",
    "/name",
    "org/",
    "x".repeat(10_000),
    "main",
    "bfloat16",
    "float16",
    "4bit",
    "chat",
    "Original",
    "Adapter",
    "",
    null,
    true,
    0,
    -1,
    1e308,
    [],
    {},
    { $gt: "" },
  ),
  fc.string({ maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const body = fc.dictionary(
  fc.constantFrom(
    "model",
    "revision",
    "precision",
    "weight_type",
    "base_model",
    "model_type",
    "chat_template",
    "__proto__",
    "extra",
  ),
  field,
  { maxKeys: 8 },
);

describe("submissions under hostile bodies", () => {
  describe("errors", () => {
    it("JSON API: queued once or refused with an envelope, never a 5xx", async () => {
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const before = await rows();
          const res = await app.fetch("/api/v1/submissions", {
            method: "POST",
            headers: as({ cookie }),
            body: JSON.stringify(b),
          });
          const answer = (await res.json()) as Record<string, any>;
          expect(res.status, JSON.stringify(answer).slice(0, 300)).toBeLessThan(500);
          if (res.status === 201) expect(await rows()).toBe(before + 1);
          else {
            expect(answer).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
            expect(await rows()).toBe(before);
          }
        }),
        { numRuns: 80 },
      );
    }, 60_000);

    it("JSON API: bodies that are not JSON objects are refused with an envelope", async () => {
      for (const raw of ["", "{", "null", "[]", '"x"', "1e999", "\u0000", "{}".repeat(1000)]) {
        const res = await app.fetch("/api/v1/submissions", { method: "POST", headers: as({ cookie }), body: raw });
        expect(res.status, raw.slice(0, 20)).toBeGreaterThanOrEqual(400);
        expect(res.status, raw.slice(0, 20)).toBeLessThan(500);
        expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } });
      }
    });

    it("HTML form: any fields, queued once (303) or shown again with a 4xx, never a 5xx", async () => {
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const before = await rows();
          const form = new URLSearchParams(
            Object.entries(b).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
          );
          const res = await app.fetch("/submit", {
            method: "POST",
            headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
            body: form.toString(),
            redirect: "manual",
          });
          expect(res.status).toBeLessThan(500);
          expect(await rows()).toBe(res.status === 303 ? before + 1 : before);
        }),
        { numRuns: 60 },
      );
    }, 60_000);

    it.each([
      ["multipart with a boundary that never appears", "multipart/form-data; boundary=nope", "garbage"],
      ["multipart with no boundary", "multipart/form-data", "--x\r\n\r\n"],
      [
        "a truncated multipart part",
        "multipart/form-data; boundary=b",
        '--b\r\nContent-Disposition: form-data; name="model"\r\n\r\nfu',
      ],
      ["JSON sent to the form", "application/json", '{"model":"fuzz-org/ok"}'],
      ["no content type", "", "model=fuzz-org%2Fok"],
    ])("HTML form: %s is a 4xx, not a 5xx", async (_what, type, raw) => {
      const before = await rows();
      const res = await app.fetch("/submit", {
        method: "POST",
        headers: { cookie, origin: ORIGIN, ...(type ? { "content-type": type } : {}) },
        body: raw,
        redirect: "manual",
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await rows()).toBe(before);
    });

    it("HTML vote form: a malformed multipart body is a 4xx, not a 5xx", async () => {
      const res = await app.fetch("/queue/anything/vote", {
        method: "POST",
        headers: { cookie, origin: ORIGIN, "content-type": "multipart/form-data; boundary=nope" },
        body: "garbage",
        redirect: "manual",
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: "bad_request", message: "The form body could not be read: send it as a browser form would" },
      });
    });
  });
});
