/**
 * Auth cases the feature suites leave out: a delivery signed by one evaluator sent to another's URL, cross-origin
 * POSTs on the HTML form routes, and sign-in return paths that a browser would resolve to another site.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { as, ORIGIN, signIn, submission, testApp } from "../support/app";
import { newEvaluator, postSigned } from "../support/evaluators";
import { completedEvent, harnessResults } from "../support/harness";
import { HubDouble } from "../support/hub-double";

const hub = new HubDouble();
const app = testApp({ hub });

async function count(sql: string): Promise<number> {
  return (await env.DB.prepare(sql).first<number>("n")) ?? 0;
}

describe("auth gaps", () => {
  describe("auth", () => {
    it("refuses a delivery signed by evaluator A sent to evaluator B's URL, storing nothing", async () => {
      const a = await newEvaluator({ name: "lab A" });
      const b = await newEvaluator({ name: "lab B" });
      const body = completedEvent(harnessResults({ model: "cross-org/model-7b" }));
      const before = await count("SELECT count(*) AS n FROM evaluations");
      const res = await postSigned(b.id, a.secret!, body, { webhookId: "msg_cross" });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
      expect(await count("SELECT count(*) AS n FROM evaluations")).toBe(before);
      expect(await count("SELECT count(*) AS n FROM deliveries WHERE webhook_id = 'msg_cross'")).toBe(0);
      // The same bytes to A's own URL are fine: the refusal was about the URL, not the message.
      expect((await postSigned(a.id, a.secret!, body, { webhookId: "msg_cross" })).status).toBe(201);
    });

    it.each([
      ["another site", "https://evil.example"],
      ["a look-alike subdomain", "https://podium.test.evil.example"],
      ["an opaque origin", "null"],
      ["http instead of https", "http://podium.test"],
    ])("refuses form POSTs with a session from %s (403), changing nothing", async (_what, origin) => {
      hub.add("csrf-org/model");
      const user = await signIn(`csrf-${origin.length}`);
      const headers = { cookie: user.cookie, origin, "content-type": "application/x-www-form-urlencoded" };
      const before = await count("SELECT count(*) AS n FROM submissions");
      const submit = await app.fetch("/submit", {
        method: "POST",
        headers,
        body: "model=csrf-org%2Fmodel&precision=bfloat16&model_type=chat",
      });
      expect(submit.status).toBe(403);
      const vote = await app.fetch("/queue/anything/vote", { method: "POST", headers });
      expect(vote.status).toBe(403);
      const logout = await app.fetch("/auth/logout", { method: "POST", headers });
      expect(logout.status).toBe(403);
      expect(await count("SELECT count(*) AS n FROM submissions")).toBe(before);
    });

    it("refuses a JSON POST with a session and no Origin header at all (403)", async () => {
      hub.add("csrf-org/no-origin");
      const user = await signIn("csrf-no-origin");
      const { origin: _omitted, ...headers } = as(user);
      const res = await app.fetch("/api/v1/submissions", {
        method: "POST",
        headers,
        body: submission("csrf-org/no-origin"),
      });
      expect(res.status).toBe(403);
    });

    it("answers any forged session cookie with 401 on reads and writes, never a 5xx", async () => {
      const user = await signIn("cookie-fuzz");
      const [name, value] = user.cookie.split("=") as [string, string];
      const printable = fc.string({
        unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
        maxLength: 300,
      });
      const forged = fc.oneof(
        printable.filter((v) => !v.includes(";")),
        fc.constantFrom(
          "",
          ".",
          "..",
          "a.b",
          `${value}x`,
          value.replace(".", ".."),
          `${value.split(".")[0]}.`,
          "x".repeat(4000),
        ),
        fc
          .nat({ max: value.length - 1 })
          .map((i) => `${value.slice(0, i)}${value[i] === "A" ? "B" : "A"}${value.slice(i + 1)}`),
      );
      await fc.assert(
        fc.asyncProperty(forged, async (v) => {
          fc.pre(v !== value);
          const me = await app.fetch("/api/v1/me", { headers: { cookie: `${name}=${v}` } });
          expect(me.status, v).toBe(401);
          const vote = await app.fetch("/api/v1/submissions/none/vote", {
            method: "POST",
            headers: { cookie: `${name}=${v}`, origin: ORIGIN },
          });
          expect(vote.status, v).toBe(401);
        }),
        { numRuns: 80 },
      );
    });

    it("never redirects a dev sign-in to another site, whatever the return path", async () => {
      const tricky = fc.oneof(
        fc.constantFrom(
          "//evil.example",
          "/\\evil.example",
          "/\t/evil.example",
          "/\n/evil.example",
          "/\r\n/evil.example",
          "/ /evil.example",
          "/%2f/evil.example",
          "/\\/evil.example",
          "https://evil.example",
          "/\u3000/evil.example",
          "/.//evil.example",
          "/\u0000/evil.example",
        ),
        fc.string({ maxLength: 12 }).map((s) => `/${s}`),
      );
      await fc.assert(
        fc.asyncProperty(tricky, async (back) => {
          const res = await app.fetch(
            `http://localhost:8787/auth/dev?user=redirect-test&return=${encodeURIComponent(back)}`,
            { redirect: "manual" },
            { DEV_AUTH: "true" },
          );
          expect(res.status, JSON.stringify(back)).toBe(303);
          const location = res.headers.get("location") ?? "";
          // Resolve the way a browser does (WHATWG URL strips tabs and newlines, turns \ into /).
          expect(new URL(location, "http://localhost:8787").origin, JSON.stringify(back)).toBe("http://localhost:8787");
        }),
        { numRuns: 80 },
      );
    });
  });
});
