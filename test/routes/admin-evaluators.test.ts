import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../worker/context";
import { generateEd25519KeyPair } from "../../worker/domain/signatures";
import { errorResponse } from "../../worker/errors";
import { requireAdmin } from "../../worker/middleware/admin";
import { evaluatorKeys } from "../../worker/store/schema";
import { database } from "../../worker/store/db";
import { adminAuthSuite } from "../support/admin-auth";
import { admin, newEvaluator } from "../support/evaluators";

describe("admin evaluators API", () => {
  describe("happy", () => {
    it("creates an HMAC evaluator and shows its whsec_ secret once; storage holds it only sealed", async () => {
      const res = await admin("POST", "/api/v1/admin/evaluators", { name: "GPU lab" });
      expect(res.status).toBe(201);
      const body = (await res.json()) as any;
      expect(body).toEqual({
        id: expect.stringMatching(/^ev_/),
        name: "GPU lab",
        scheme: "v1",
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
        created_at: expect.any(String),
      });
      const stored = await database(env.DB).select().from(evaluatorKeys);
      const mine = stored.filter((k) => k.evaluatorId === body.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.material).toMatch(/^aesgcm1:/);
      expect(JSON.stringify(stored)).not.toContain(body.secret.slice(6));
    });

    it("creates an Ed25519 evaluator from a public key, with no secret", async () => {
      const pair = await generateEd25519KeyPair();
      const res = await admin("POST", "/api/v1/admin/evaluators", { name: "ed lab", public_key: pair.publicKey });
      expect(res.status).toBe(201);
      const body = (await res.json()) as any;
      expect(body).toMatchObject({ name: "ed lab", scheme: "v1a", public_key: pair.publicKey });
      expect(body.secret).toBeUndefined();
    });

    it("lists evaluators with their keys' schemes and expiry, never secrets", async () => {
      const created = await newEvaluator({ name: "listed lab" });
      const res = await admin("GET", "/api/v1/admin/evaluators");
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(created.secret!.slice(6));
      expect(text).not.toContain("aesgcm1");
      const entry = (JSON.parse(text) as any).data.find((e: any) => e.id === created.id);
      expect(entry).toEqual({
        id: created.id,
        name: "listed lab",
        created_at: expect.any(String),
        revoked_at: null,
        keys: [{ id: expect.stringMatching(/^key_/), scheme: "v1", created_at: expect.any(String), expires_at: null }],
      });
    });

    it("rotates: a new secret, the old key expiring after the grace period (24 h)", async () => {
      const created = await newEvaluator();
      const before = Date.now();
      const res = await admin("POST", `/api/v1/admin/evaluators/${created.id}/rotate`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.secret).toMatch(/^whsec_/);
      expect(body.secret).not.toBe(created.secret);
      const expires = Date.parse(body.previous_keys_expire_at);
      expect(expires - before).toBeGreaterThanOrEqual(24 * 3_600_000);
      expect(expires - before).toBeLessThan(24 * 3_600_000 + 60_000);
      const listed = ((await (await admin("GET", "/api/v1/admin/evaluators")).json()) as any).data.find(
        (e: any) => e.id === created.id,
      );
      expect(listed.keys.map((k: any) => k.expires_at)).toEqual([body.previous_keys_expire_at, null]);
    });

    it("rotates to an Ed25519 public key when one is given", async () => {
      const created = await newEvaluator();
      const pair = await generateEd25519KeyPair();
      const res = await admin("POST", `/api/v1/admin/evaluators/${created.id}/rotate`, { public_key: pair.publicKey });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ scheme: "v1a", public_key: pair.publicKey });
    });

    it("revokes: the evaluator stays listed with its revocation time", async () => {
      const created = await newEvaluator();
      const res = await admin("DELETE", `/api/v1/admin/evaluators/${created.id}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body).toEqual({ id: created.id, name: "test lab", revoked_at: expect.any(String) });
      const again = (await (await admin("DELETE", `/api/v1/admin/evaluators/${created.id}`)).json()) as any;
      expect(again.revoked_at).toBe(body.revoked_at);
    });
  });

  describe("caching", () => {
    it("every admin answer carries Cache-Control: no-store, above all those that show a secret", async () => {
      const created = await admin("POST", "/api/v1/admin/evaluators", { name: "no-store lab" });
      const { id, secret } = (await created.json()) as { id: string; secret: string };
      expect(secret).toMatch(/^whsec_/);
      const rotated = await admin("POST", `/api/v1/admin/evaluators/${id}/rotate`);
      expect(((await rotated.json()) as { secret: string }).secret).toMatch(/^whsec_/);
      const { SELF } = await import("cloudflare:test");
      const answers = [
        created,
        rotated,
        await admin("GET", "/api/v1/admin/evaluators"),
        await admin("DELETE", `/api/v1/admin/evaluators/${id}`),
        await admin("POST", "/api/v1/admin/evaluators", {}),
        await SELF.fetch("https://podium.test/api/v1/admin/evaluators", { method: "POST", body: "{}" }),
      ];
      expect(answers.map((r) => r.status)).toEqual([201, 200, 200, 200, 400, 401]);
      for (const res of answers) expect(res.headers.get("cache-control"), String(res.status)).toBe("no-store");
    });
  });

  describe("errors", () => {
    it("refuses a missing name and a malformed public key, naming the field", async () => {
      const res = await admin("POST", "/api/v1/admin/evaluators", { public_key: "whpk_nope" });
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("invalid_parameter");
      expect(body.error.details.map((d: any) => d.path).sort()).toEqual(["name", "public_key"]);
    });

    it("refuses a rotate body that is not JSON or names a bad public key", async () => {
      const created = await newEvaluator();
      const { SELF } = await import("cloudflare:test");
      const garbled = await SELF.fetch(`https://podium.test/api/v1/admin/evaluators/${created.id}/rotate`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
        body: "{nope",
      });
      expect(garbled.status).toBe(400);
      expect(await garbled.json()).toEqual({ error: { code: "bad_request", message: "The body is not valid JSON" } });
      const badKey = await admin("POST", `/api/v1/admin/evaluators/${created.id}/rotate`, { public_key: "whpk_AAAA" });
      expect(badKey.status).toBe(400);
      const body = (await badKey.json()) as any;
      expect(body.error.details).toEqual([
        { path: "public_key", message: "must be whpk_ followed by the base64 of a 32-byte Ed25519 key" },
      ]);
      const listed = ((await (await admin("GET", "/api/v1/admin/evaluators")).json()) as any).data.find(
        (e: any) => e.id === created.id,
      );
      expect(listed.keys).toHaveLength(1);
    });

    it("refuses unknown fields", async () => {
      const res = await admin("POST", "/api/v1/admin/evaluators", { name: "x", secret: "whsec_mine" });
      expect(res.status).toBe(400);
    });

    it("answers 404 for an unknown evaluator and 409 when rotating a revoked one", async () => {
      const missing = await admin("POST", "/api/v1/admin/evaluators/ev_nope/rotate");
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: { code: "not_found", message: "No evaluator ev_nope" } });
      expect((await admin("DELETE", "/api/v1/admin/evaluators/ev_nope")).status).toBe(404);
      const created = await newEvaluator();
      await admin("DELETE", `/api/v1/admin/evaluators/${created.id}`);
      const rotate = await admin("POST", `/api/v1/admin/evaluators/${created.id}/rotate`);
      expect(rotate.status).toBe(409);
      expect(await rotate.json()).toEqual({ error: { code: "conflict", message: `Evaluator ${created.id} is revoked` } });
    });
  });

  describe("auth", () => {
    adminAuthSuite([
      { method: "GET", path: "/api/v1/admin/evaluators" },
      { method: "POST", path: "/api/v1/admin/evaluators", body: { name: "intruder" } },
      { method: "POST", path: "/api/v1/admin/evaluators/ev_x/rotate" },
      { method: "DELETE", path: "/api/v1/admin/evaluators/ev_x" },
    ]);

    it("with an empty ADMIN_TOKEN the admin API is disabled (503), even for an empty bearer", async () => {
      const app = new Hono<AppEnv>().use(requireAdmin).get("/", (c) => c.text("in"));
      app.onError(errorResponse);
      const res = await app.request("/", { headers: { authorization: "Bearer " } }, { ...env, ADMIN_TOKEN: "" });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: { code: "unavailable", message: "The admin API is disabled: ADMIN_TOKEN is not set" },
      });
      const ok = await app.request("/", { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } }, env);
      expect(await ok.text()).toBe("in");
    });

    it("creates nothing without the token", async () => {
      const before = ((await (await admin("GET", "/api/v1/admin/evaluators")).json()) as any).data.length;
      const { SELF } = await import("cloudflare:test");
      await SELF.fetch("https://podium.test/api/v1/admin/evaluators", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "intruder" }),
      });
      expect(((await (await admin("GET", "/api/v1/admin/evaluators")).json()) as any).data).toHaveLength(before);
    });
  });
});
