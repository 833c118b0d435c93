/**
 * The admin API for evaluator credentials: create, list, rotate, revoke an evaluator or one of its keys. Secrets
 * are shown once, never listed.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { sealSecret } from "../domain/secrets-box";
import { generateHmacSecret, parseEd25519PublicKey } from "../domain/signatures";
import { fromZodError, PodiumError } from "../errors";
import { requireAdmin } from "../middleware/admin";
import type { Db } from "../store/db";
import {
  activeKeys,
  createEvaluator,
  findEvaluator,
  listEvaluators,
  revokeEvaluator,
  revokeKey,
  rotateKey,
  type NewKey,
} from "../store/evaluators";
import { errorEnvelope, jsonContent } from "./openapi-shapes";

const publicKey = z
  .string()
  .refine((v) => parseEd25519PublicKey(v) !== null, "must be whpk_ followed by the base64 of a 32-byte Ed25519 key");
const createBody = z.object({ name: z.string().trim().min(1).max(100), public_key: publicKey.optional() }).strict();
const rotateBody = z.object({ public_key: publicKey.optional() }).strict();
const idParam = z.object({ id: z.string().min(1).max(100) });
const keyParams = idParam.extend({ key_id: z.string().min(1).max(100) });
const json = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/** The rotate body: none, or JSON matching rotateBody. */
async function optionalBody(request: Request): Promise<z.infer<typeof rotateBody>> {
  const text = await request.text();
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PodiumError("bad_request", "The body is not valid JSON");
  }
  const result = rotateBody.safeParse(parsed);
  if (!result.success) throw fromZodError(result.error, "body", "invalid_parameter");
  return result.data;
}
const unauthorized = { 401: jsonContent(errorEnvelope, "Missing or wrong admin bearer token") };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A new key: a fresh HMAC secret sealed for storage (and the clear secret to show once), or a public key. */
async function newKey(env: Env, publicKeyText: string | undefined): Promise<{ key: NewKey; secret: string | null }> {
  const id = `key_${crypto.randomUUID()}`;
  if (publicKeyText) return { key: { id, scheme: "v1a", material: publicKeyText }, secret: null };
  const secret = generateHmacSecret();
  return { key: { id, scheme: "v1", material: await sealSecret(secret, env.EVALUATOR_SECRETS_KEY, id) }, secret };
}

/** The evaluator (revoked or not), or a 404. */
async function existingEvaluator(db: Db, id: string) {
  const evaluator = await findEvaluator(db, id);
  if (!evaluator) throw new PodiumError("not_found", `No evaluator ${id}`);
  return evaluator;
}

const router = createRouter();
router.use("/api/v1/admin/evaluators", requireAdmin);
router.use("/api/v1/admin/evaluators/*", requireAdmin);

export const adminEvaluators = router
  .openapi(
    createRoute({
      method: "post",
      path: "/api/v1/admin/evaluators",
      request: json(createBody),
      responses: {
        201: { description: "The evaluator, with its secret shown this once (none with a public key)" },
        400: jsonContent(errorEnvelope, "Invalid body: `error.details` names each field"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { key, secret } = await newKey(c.env, body.public_key);
      const evaluator = await createEvaluator(c.var.db, { id: `ev_${crypto.randomUUID()}`, name: body.name }, key);
      return c.json(
        {
          id: evaluator.id,
          name: evaluator.name,
          key_id: key.id,
          scheme: key.scheme,
          ...(secret ? { secret } : { public_key: key.material }),
          created_at: iso(evaluator.createdAt),
        },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/v1/admin/evaluators",
      responses: {
        200: {
          description: "Every evaluator with its keys' ids, schemes, expiry and revocation, never their material",
        },
        ...unauthorized,
      },
    }),
    async (c) => {
      const rows = await listEvaluators(c.var.db);
      return c.json({
        data: rows.map((e) => ({
          id: e.id,
          name: e.name,
          created_at: iso(e.createdAt),
          revoked_at: iso(e.revokedAt),
          keys: e.keys.map((k) => ({
            id: k.id,
            scheme: k.scheme,
            created_at: iso(k.createdAt),
            expires_at: iso(k.expiresAt),
            revoked_at: iso(k.revokedAt),
          })),
        })),
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/v1/admin/evaluators/{id}/rotate",
      // The body is optional (`{}` or none at all), so it is read by hand rather than by a required validator.
      request: { params: idParam },
      responses: {
        200: { description: "A new key; the previous ones keep verifying for the grace period" },
        404: jsonContent(errorEnvelope, "No such evaluator"),
        409: jsonContent(errorEnvelope, "The evaluator is revoked"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const evaluator = await existingEvaluator(c.var.db, id);
      if (evaluator.revokedAt !== null) throw new PodiumError("conflict", `Evaluator ${id} is revoked`);
      const body = await optionalBody(c.req.raw);
      const hours = Number(c.env.ROTATION_GRACE_HOURS);
      const graceMs = (Number.isFinite(hours) && hours >= 0 ? hours : 24) * 3_600_000;
      const now = Date.now();
      const { key, secret } = await newKey(c.env, body.public_key);
      await rotateKey(c.var.db, id, key, graceMs, now);
      return c.json({
        id,
        key_id: key.id,
        scheme: key.scheme,
        ...(secret ? { secret } : { public_key: key.material }),
        previous_keys_expire_at: iso(now + graceMs),
      });
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/admin/evaluators/{id}",
      request: { params: idParam },
      responses: {
        200: { description: "Revoked: its deliveries are refused from now on; its results stay" },
        404: jsonContent(errorEnvelope, "No such evaluator"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await existingEvaluator(c.var.db, id);
      await revokeEvaluator(c.var.db, id);
      const evaluator = await existingEvaluator(c.var.db, id);
      return c.json({ id, name: evaluator.name, revoked_at: iso(evaluator.revokedAt) });
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/admin/evaluators/{id}/keys/{key_id}",
      request: { params: keyParams },
      responses: {
        200: {
          description:
            "Revoked at once (a second call keeps the first time), without waiting for a rotation's grace: signatures " +
            "made with this key are refused from now on. `active_keys` counts the keys left; revoking the last one " +
            "is allowed and leaves an evaluator that cannot push until a rotation gives it a new key",
        },
        404: jsonContent(errorEnvelope, "No such evaluator, or the key is not one of its keys"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const { id, key_id: keyId } = c.req.valid("param");
      await existingEvaluator(c.var.db, id);
      const key = await revokeKey(c.var.db, id, keyId);
      if (!key) throw new PodiumError("not_found", `Evaluator ${id} has no key ${keyId}`);
      const left = await activeKeys(c.var.db, id);
      return c.json({ id: key.id, evaluator_id: id, revoked_at: iso(key.revokedAt), active_keys: left.length });
    },
  );
