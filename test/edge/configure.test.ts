/**
 * A Worker whose SESSION_SECRET, SESSION_SECRET_PREVIOUS or EVALUATOR_SECRETS_KEY is too short to key its MACs
 * and its encryption refuses to work (503 naming the variable) instead of running weakened; so does the admin API
 * with a short ADMIN_TOKEN. The minimum is 32 bytes: 64 hex digits, or 43 characters of anything else (base64).
 */
import { describe, expect, it } from "vitest";
import { testApp } from "../support/app";

const app = testApp();
const HEX_64 = "0123456789abcdef".repeat(4);
const B64_43 = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";
const refusal = (variable: string) => ({
  error: {
    code: "unavailable",
    message:
      `${variable} is too short: it must hold at least 32 bytes of randomness, written as 64 hex digits or 43 ` +
      "base64 characters (openssl rand -base64 32)",
    details: [{ variable, minimum_bytes: 32 }],
  },
});

describe("secret strength", () => {
  describe("errors", () => {
    it.each([
      ["SESSION_SECRET", "a-sixteen-chars!"],
      ["SESSION_SECRET", HEX_64.slice(1)],
      ["SESSION_SECRET", B64_43.slice(1)],
      ["SESSION_SECRET", ""],
      ["EVALUATOR_SECRETS_KEY", "short-key"],
      ["EVALUATOR_SECRETS_KEY", HEX_64.slice(2)],
      ["SESSION_SECRET_PREVIOUS", "old-and-short"],
    ])("%s = %j: every answer but /healthz is a 503 naming the variable and the minimum", async (variable, value) => {
      for (const path of ["/", "/api/v1/leaderboard", "/api/v1/me", "/auth/login", "/api/v1/admin/evaluators"]) {
        const res = await app.fetch(path, {}, { [variable]: value });
        expect(res.status, path).toBe(503);
        expect(await res.json(), path).toEqual(refusal(variable));
      }
      const write = await app.fetch("/api/v1/submissions", { method: "POST", body: "{}" }, { [variable]: value });
      expect(write.status).toBe(503);
      const health = await app.fetch("/healthz", {}, { [variable]: value });
      expect(health.status).toBe(200);
    });

    it("names every variable that is too short, in one answer", async () => {
      const res = await app.fetch("/", {}, { SESSION_SECRET: "x", EVALUATOR_SECRETS_KEY: "y" });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { message: string; details: unknown } };
      expect(body.error.message).toMatch(/^SESSION_SECRET, EVALUATOR_SECRETS_KEY are too short/);
      expect(body.error.details).toEqual([
        { variable: "SESSION_SECRET", minimum_bytes: 32 },
        { variable: "EVALUATOR_SECRETS_KEY", minimum_bytes: 32 },
      ]);
    });

    it("a short ADMIN_TOKEN disables the admin API (503) rather than letting it be guessed", async () => {
      const res = await app.fetch(
        "/api/v1/admin/evaluators",
        { headers: { authorization: "Bearer admin-123" } },
        { ADMIN_TOKEN: "admin-123" },
      );
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual(refusal("ADMIN_TOKEN"));
      expect((await app.fetch("/api/v1/leaderboard", {}, { ADMIN_TOKEN: "admin-123" })).status).toBe(200);
    });
  });

  describe("happy", () => {
    it("32 bytes in hex or base64 are enough; an empty SESSION_SECRET_PREVIOUS means none", async () => {
      for (const vars of [
        { SESSION_SECRET: HEX_64, EVALUATOR_SECRETS_KEY: B64_43 },
        { SESSION_SECRET: B64_43, EVALUATOR_SECRETS_KEY: HEX_64, SESSION_SECRET_PREVIOUS: "" },
        { SESSION_SECRET_PREVIOUS: `${B64_43}=` },
      ]) {
        const res = await app.fetch("/api/v1/benchmarks", {}, vars);
        expect(res.status, JSON.stringify(vars)).toBe(200);
      }
    });
  });
});
