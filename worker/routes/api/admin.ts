/**
 * The admin API for evaluators: create (with a trust), change the trust, list, rotate, revoke an evaluator or one
 * of its keys. Secrets are shown once, never listed; creations and trust changes go on the moderation log.
 */
import { createRoute } from "@hono/zod-openapi";
import { actorOf, requireAdmin } from "../../edge/admin";
import { createRouter } from "../../edge/context";
import { fromZodError, PodiumError } from "../../edge/errors";
import { orRefuse } from "../../edge/refusals";
import { errorContent, jsonBody, jsonBodyErrors, jsonContent, SECURITY, unvalidatedBody } from "../../schemas/common";
import {
  createdEvaluator,
  createdEvaluatorJson,
  createEvaluatorBody,
  deleteEvaluatorQuery,
  evaluatorList,
  evaluatorListJson,
  evaluatorParams,
  evaluatorStanding,
  keyParams,
  type RotateBody,
  revokedEvaluator,
  revokedKey,
  rotateBody,
  rotatedKey,
  rotatedKeyJson,
  trustBody,
} from "../../schemas/evaluators";
import { addEvaluator, changeTrust, evaluatorsWithKeys, revokeOneKey, rotate } from "../../use-cases/evaluators";
import { iso } from "../../domain/time";
import { deleteEvaluator } from "../../use-cases/decisions";
import { requestPublish } from "../../edge/board-source";

/** The rotate body: none, or JSON matching rotateBody. */
async function optionalBody(request: Request): Promise<RotateBody> {
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

const common = {
  tags: ["Admin"],
  security: [...SECURITY.admin],
};
const unauthorized = {
  401: errorContent("Missing or wrong admin bearer token"),
  503: errorContent("ADMIN_TOKEN is not set, or too short: the admin API is off"),
};

const router = createRouter();
router.use("/api/v1/admin/evaluators", requireAdmin);
router.use("/api/v1/admin/evaluators/*", requireAdmin);

export const adminApi = router
  .openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/api/v1/admin/evaluators",
      operationId: "createEvaluator",
      summary: "Create an evaluator with its first key",
      request: jsonBody(createEvaluatorBody),
      responses: {
        201: jsonContent(createdEvaluator, "The evaluator, with its secret shown this once (none with a public key)"),
        400: errorContent("Invalid body: `error.details` names each field"),
        ...jsonBodyErrors,
        ...unauthorized,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const deps = { db: c.var.db, secretsKey: c.var.config.evaluatorSecretsKey };
      const { evaluator, key, secret } = await addEvaluator(
        deps,
        { name: body.name, publicKey: body.public_key, trust: body.trust },
        actorOf(c),
      );
      return c.json(createdEvaluatorJson(evaluator, key, secret), 201);
    },
  )
  .openapi(
    createRoute({
      ...common,
      method: "patch",
      path: "/api/v1/admin/evaluators/{id}",
      operationId: "changeEvaluatorTrust",
      summary: "Change an evaluator's trust, with a reason for the moderation log",
      description:
        "Its later runs start `trusted` or `provisional` accordingly; runs already stored keep their verification. " +
        "The optional `Podium-Actor` header names the admin in the log (`admin:<name>`), else it says `admin`.",
      request: { params: evaluatorParams, ...jsonBody(trustBody) },
      responses: {
        200: jsonContent(evaluatorStanding, "The evaluator with its new trust"),
        400: errorContent("Invalid body (a trust and a reason are required) or Podium-Actor header"),
        404: errorContent("No such evaluator"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const evaluator = orRefuse(await changeTrust(c.var.db, id, body, actorOf(c)));
      return c.json({ id, name: evaluator.name, trust: evaluator.trust, revoked_at: iso(evaluator.revokedAt) }, 200);
    },
  )
  .openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/api/v1/admin/evaluators",
      operationId: "listEvaluators",
      summary: "Every evaluator and its keys",
      responses: {
        200: jsonContent(
          evaluatorList,
          "Every evaluator with its keys' ids, schemes, expiry and revocation, never their material",
        ),
        ...unauthorized,
      },
    }),
    async (c) => c.json(evaluatorListJson(await evaluatorsWithKeys(c.var.db)), 200),
  )
  .openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/api/v1/admin/evaluators/{id}/rotate",
      operationId: "rotateEvaluatorKey",
      summary: "Give an evaluator a new key",
      // The body is optional (`{}` or none at all), so it is read by hand rather than by a required validator.
      request: {
        params: evaluatorParams,
        body: unvalidatedBody(
          rotateBody,
          'Optional: none or `{}` for a new `whsec_` secret, `{"public_key": "whpk_…"}` for a key pair',
        ),
      },
      responses: {
        200: jsonContent(rotatedKey, "A new key; the previous ones keep verifying for the grace period"),
        400: errorContent('The body is not JSON, or not `{}` or `{"public_key": …}`'),
        404: errorContent("No such evaluator"),
        409: errorContent("The evaluator is revoked"),
        413: jsonBodyErrors[413],
        ...unauthorized,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const deps = {
        db: c.var.db,
        secretsKey: c.var.config.evaluatorSecretsKey,
        graceMs: c.var.config.rotationGraceMs,
      };
      const readBody = async () => ({ publicKey: (await optionalBody(c.req.raw)).public_key });
      const { key, secret, previousExpireAt } = orRefuse(await rotate(deps, id, readBody, Date.now(), actorOf(c)));
      return c.json(rotatedKeyJson(id, key, secret, previousExpireAt), 200);
    },
  )
  .openapi(
    createRoute({
      ...common,
      method: "delete",
      path: "/api/v1/admin/evaluators/{id}",
      operationId: "revokeEvaluator",
      summary: "Revoke an evaluator, optionally rejecting its runs that nobody reproduced",
      description:
        "Its deliveries are refused from now on. With `reject_runs=true`, every full run of its that no other " +
        "source agreed with (provisional, disputed, or trusted and never reproduced) becomes `rejected` in the same " +
        "batch, and each row falls back to the run the rules pick next. Recorded in the moderation log.",
      request: { params: evaluatorParams, query: deleteEvaluatorQuery },
      responses: {
        200: jsonContent(revokedEvaluator, "Revoked; `rejected_runs` lists the runs rejected with it"),
        400: errorContent("`reject_runs` is not true or false, or the Podium-Actor header is malformed"),
        404: errorContent("No such evaluator"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const rejectRuns = c.req.valid("query").reject_runs === "true";
      const d = { rejectRuns, actor: actorOf(c), tolerance: c.var.config.reproductionTolerance, now: Date.now() };
      const deleted = orRefuse(await deleteEvaluator(c.var.db, id, d));
      await requestPublish(c);
      return c.json(
        { id, name: deleted.name, revoked_at: iso(deleted.revokedAt), rejected_runs: deleted.rejected },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      ...common,
      method: "delete",
      path: "/api/v1/admin/evaluators/{id}/keys/{key_id}",
      operationId: "revokeEvaluatorKey",
      summary: "Revoke one key of an evaluator at once",
      request: { params: keyParams },
      responses: {
        200: jsonContent(
          revokedKey,
          "Revoked at once (a second call keeps the first time), without waiting for a rotation's grace: signatures " +
            "made with this key are refused from now on. `active_keys` counts the keys left; revoking the last one " +
            "is allowed and leaves an evaluator that cannot push until a rotation gives it a new key",
        ),
        404: errorContent("No such evaluator, or the key is not one of its keys"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const { id, key_id: keyId } = c.req.valid("param");
      const { key, activeKeys } = orRefuse(await revokeOneKey(c.var.db, id, keyId, actorOf(c)));
      return c.json({ id: key.id, evaluator_id: id, revoked_at: iso(key.revokedAt), active_keys: activeKeys }, 200);
    },
  );
