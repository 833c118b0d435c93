import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../../worker/edge/context";
import { generateEd25519KeyPair } from "../../../worker/domain/signatures";
import { errorResponse } from "../../../worker/edge/errors";
import { requireAdmin } from "../../../worker/edge/admin";
import { configure } from "../../../worker/edge/configure";
import { evaluatorKeys } from "../../../worker/store/schema";
import { database } from "../../../worker/store/db";
import { adminAuthSuite } from "../../support/admin-auth";
import { admin, newEvaluator, postSigned } from "../../support/evaluators";
import { completedEvent, harnessResults } from "../../support/harness";

/** A signed evaluation.completed for a model of its own; 201 when the key is accepted. */
const push = (evaluatorId: string, secret: string, model: string) =>
  postSigned(evaluatorId, secret, completedEvent(harnessResults({ model })));

describe("admin evaluators API", () => {
  describe("happy", () => {
    it("creates an HMAC evaluator and shows its whsec_ secret once; storage holds it only sealed", async () => {
      const res = await admin("POST", "/api/v1/admin/evaluators", { name: "GPU lab" });
      expect(res.status).toBe(201);
      const body = (await res.json()) as any;
      expect(body).toEqual({
        id: expect.stringMatching(/^ev_/),
        name: "GPU lab",
        trust: "community",
        key_id: expect.stringMatching(/^key_/),
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
        trust: "community",
        created_at: expect.any(String),
        revoked_at: null,
        keys: [
          { id: created.key_id, scheme: "v1", created_at: expect.any(String), expires_at: null, revoked_at: null },
        ],
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
      expect(body).toEqual({ id: created.id, name: "test lab", revoked_at: expect.any(String), rejected_runs: [] });
      const again = (await (await admin("DELETE", `/api/v1/admin/evaluators/${created.id}`)).json()) as any;
      expect(again.revoked_at).toBe(body.revoked_at);
    });
  });

  describe("single key revocation", () => {
    it("revokes one key at once, even inside a rotation's grace, and leaves the others working", async () => {
      const created = await newEvaluator({ name: "leaky lab" });
      const rotate = (await (await admin("POST", `/api/v1/admin/evaluators/${created.id}/rotate`)).json()) as any;
      // Both keys verify during the 24-hour grace.
      expect((await push(created.id, created.secret!, "revoke-org/before-old")).status).toBe(201);
      expect((await push(created.id, rotate.secret, "revoke-org/before-new")).status).toBe(201);
      const listed = ((await (await admin("GET", "/api/v1/admin/evaluators")).json()) as any).data.find(
        (e: any) => e.id === created.id,
      );
      const oldKey = listed.keys[0].id as string;
      expect(listed.keys[1].id).toBe(rotate.key_id);
      const res = await admin("DELETE", `/api/v1/admin/evaluators/${created.id}/keys/${oldKey}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body).toEqual({ id: oldKey, evaluator_id: created.id, revoked_at: expect.any(String), active_keys: 1 });
      expect(res.headers.get("cache-control")).toBe("no-store");
      const refused = await push(created.id, created.secret!, "revoke-org/after-old");
      expect(refused.status).toBe(401);
      expect((await push(created.id, rotate.secret, "revoke-org/after-new")).status).toBe(201);
      const again = (await (
        await admin("DELETE", `/api/v1/admin/evaluators/${created.id}/keys/${oldKey}`)
      ).json()) as any;
      expect(again).toEqual(body);
      const after = ((await (await admin("GET", "/api/v1/admin/evaluators")).json()) as any).data.find(
        (e: any) => e.id === created.id,
      );
      expect(after.keys.map((k: any) => k.revoked_at)).toEqual([body.revoked_at, null]);
      expect(after.revoked_at).toBeNull();
    });

    it("revoking the last key leaves an evaluator that cannot push until a rotation gives it a new key", async () => {
      const created = await newEvaluator({ name: "one-key lab" });
      const keyId = created.key_id!;
      const res = await admin("DELETE", `/api/v1/admin/evaluators/${created.id}/keys/${keyId}`);
      expect(await res.json()).toMatchObject({ id: keyId, active_keys: 0 });
      expect((await push(created.id, created.secret!, "revoke-org/last-key")).status).toBe(401);
      const rotate = (await (await admin("POST", `/api/v1/admin/evaluators/${created.id}/rotate`)).json()) as any;
      expect((await push(created.id, rotate.secret, "revoke-org/new-key")).status).toBe(201);
      // The revoked key gets no expiry from the rotation: it stays revoked.
      expect((await push(created.id, created.secret!, "revoke-org/old-again")).status).toBe(401);
    });

    it("answers 404 for an unknown evaluator, an unknown key, and another evaluator's key, changing nothing", async () => {
      const a = await newEvaluator({ name: "lab a" });
      const b = await newEvaluator({ name: "lab b" });
      for (const [path, message] of [
        [`/api/v1/admin/evaluators/ev_nope/keys/${a.key_id}`, "No evaluator ev_nope"],
        [`/api/v1/admin/evaluators/${a.id}/keys/key_nope`, `Evaluator ${a.id} has no key key_nope`],
        [`/api/v1/admin/evaluators/${a.id}/keys/${b.key_id}`, `Evaluator ${a.id} has no key ${b.key_id}`],
      ]) {
        const res = await admin("DELETE", path!);
        expect(res.status, path).toBe(404);
        expect(await res.json()).toEqual({ error: { code: "not_found", message } });
      }
      expect((await push(b.id, b.secret!, "revoke-org/b-still")).status).toBe(201);
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

    it("answers a body sent without a JSON type (curl -d sends a form type) 415, saying which header to send", async () => {
      const { SELF } = await import("cloudflare:test");
      const untyped: Array<Record<string, string>> = [{}, { "content-type": "application/x-www-form-urlencoded" }];
      for (const headers of untyped) {
        const res = await SELF.fetch("https://podium.test/api/v1/admin/evaluators", {
          method: "POST",
          headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, ...headers },
          body: JSON.stringify({ name: "untyped lab" }),
        });
        expect(res.status).toBe(415);
        expect(await res.json()).toEqual({
          error: {
            code: "unsupported_media_type",
            message: "The body must be JSON, sent with the header Content-Type: application/json",
          },
        });
      }
      const listed = ((await (await admin("GET", "/api/v1/admin/evaluators")).json()) as any).data;
      expect(listed.some((e: any) => e.name === "untyped lab")).toBe(false);
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
      expect(await rotate.json()).toEqual({
        error: { code: "conflict", message: `Evaluator ${created.id} is revoked` },
      });
    });
  });

  describe("auth", () => {
    adminAuthSuite([
      { method: "GET", path: "/api/v1/admin/evaluators" },
      { method: "POST", path: "/api/v1/admin/evaluators", body: { name: "intruder" } },
      { method: "POST", path: "/api/v1/admin/evaluators/ev_x/rotate" },
      { method: "DELETE", path: "/api/v1/admin/evaluators/ev_x" },
      { method: "DELETE", path: "/api/v1/admin/evaluators/ev_x/keys/key_x" },
    ]);

    it("with an empty ADMIN_TOKEN the admin API is disabled (503), even for an empty bearer", async () => {
      const app = new Hono<AppEnv>()
        .use(configure)
        .use(requireAdmin)
        .get("/", (c) => c.text("in"));
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
