import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { as, signIn, testApp } from "../support/app";
import { newEvaluator, postSigned } from "../support/evaluators";

const MAX = 64 * 1024;
const tooLarge = { error: { code: "payload_too_large", message: "The body is over 65536 bytes (64 KiB)" } };
const big = (bytes: number) => JSON.stringify({ model: "x".repeat(bytes) });

describe("request body ceiling", () => {
  describe("errors", () => {
    it("refuses a large anonymous submission body with 413 before parsing it", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/submissions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big(1024 * 1024),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual(tooLarge);
    });

    it("refuses a streamed body with no Content-Length once it passes the ceiling", async () => {
      const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const user = await signIn("body-limit");
      const res = await testApp().fetch("/api/v1/submissions", { method: "POST", headers: as(user), body });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual(tooLarge);
    });

    it("refuses large bodies on the forms and the admin API too", async () => {
      for (const [path, type] of [
        ["/submit", "application/x-www-form-urlencoded"],
        ["/api/v1/admin/evaluators", "application/json"],
        ["/auth/logout", "text/plain"],
      ]) {
        const res = await SELF.fetch(`https://podium.test${path}`, {
          method: "POST",
          headers: { "content-type": type! },
          body: "x".repeat(MAX + 1),
        });
        expect(res.status, path).toBe(413);
      }
    });
  });

  describe("happy", () => {
    it("lets a body under the ceiling reach validation", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/submissions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big(60 * 1024),
      });
      expect(res.status).toBe(400);
    });

    it("leaves evaluator messages to their own, larger limit", async () => {
      const ev = await newEvaluator();
      const res = await postSigned(ev.id, ev.secret!, big(1024 * 1024));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid event body/);
    });
  });
});
