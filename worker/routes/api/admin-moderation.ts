/**
 * The admin API for moderation: decisions on runs (accept or reject) and flags on models (set, lift). Each is
 * appended to the moderation log with its reason and actor.
 */
import { createRoute } from "@hono/zod-openapi";
import { actorOf, requireAdmin } from "../../edge/admin";
import { createRouter } from "../../edge/context";
import { orRefuse } from "../../edge/refusals";
import { errorContent, jsonBody, jsonContent, SECURITY } from "../../schemas/common";
import {
  decisionAnswer,
  decisionBody,
  decisionParams,
  flagBody,
  flagJson,
  flagParams,
  liftBody,
  modelFlagJson,
  modelFlagParams,
} from "../../schemas/moderation-admin";
import { decideEvaluation } from "../../use-cases/decisions";
import { flagModel, liftModelFlag } from "../../use-cases/flags";
import { requestPublish } from "../../edge/board-source";

const common = { tags: ["Admin"], security: [...SECURITY.admin] };
const guarded = {
  400: errorContent("Invalid body (`error.details` names each field) or Podium-Actor header"),
  401: errorContent("Missing or wrong admin bearer token"),
  503: errorContent("ADMIN_TOKEN is not set, or too short: the admin API is off"),
};

const router = createRouter();
router.use("/api/v1/admin/evaluations/*", requireAdmin);
router.use("/api/v1/admin/models/*", requireAdmin);

export const adminModerationApi = router
  .openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/api/v1/admin/evaluations/{id}/decision",
      operationId: "decideEvaluation",
      summary: "Accept or reject a run (resolve a dispute, or remove a run)",
      description:
        "`accept` makes the run `accepted` (verified: the newest trusted or accepted run of its group is its row); " +
        "`reject` makes it `rejected` (never shown; its evaluator's previous run, or the group's next, takes the " +
        "row). Applied to the whole group by the same rule as a push, and logged with the reason.",
      request: { params: decisionParams, ...jsonBody(decisionBody) },
      responses: {
        200: jsonContent(decisionAnswer, "The run's verification and board place after the decision"),
        404: errorContent("No such evaluation"),
        ...guarded,
        503: errorContent("The admin API is off, or other writes to the group kept landing first: send it again"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const d = { ...body, actor: actorOf(c), tolerance: c.var.config.reproductionTolerance, now: Date.now() };
      const decided = orRefuse(await decideEvaluation(c.var.db, id, d));
      await requestPublish(c);
      return c.json({ evaluation_id: id, ...decided }, 200);
    },
  )
  .openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/api/v1/admin/models/{org}/{name}/flags",
      operationId: "flagModel",
      summary: "Flag a model (contamination, merge, license, other) with a reason",
      description: "The board's `hide=flagged` hides it; its page and API show the flag and reason.",
      request: { params: modelFlagParams, ...jsonBody(flagBody) },
      responses: {
        201: jsonContent(flagJson, "The flag"),
        404: errorContent("No such model"),
        ...guarded,
      },
    }),
    async (c) => {
      const { org, name } = c.req.valid("param");
      const flag = orRefuse(await flagModel(c.var.db, `${org}/${name}`, c.req.valid("json"), actorOf(c)));
      await requestPublish(c);
      return c.json(modelFlagJson(flag), 201);
    },
  )
  .openapi(
    createRoute({
      ...common,
      method: "delete",
      path: "/api/v1/admin/models/{org}/{name}/flags/{flag}",
      operationId: "liftModelFlag",
      summary: "Lift a model's flag, with a reason",
      description:
        "The flag stays on record as lifted (a second lift keeps the first); the model is unhidden once no flag is left.",
      request: { params: flagParams, ...jsonBody(liftBody) },
      responses: {
        200: jsonContent(flagJson, "The flag as lifted"),
        404: errorContent("No such model, or the model has no such flag"),
        ...guarded,
      },
    }),
    async (c) => {
      const { org, name, flag } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      const lifted = orRefuse(await liftModelFlag(c.var.db, `${org}/${name}`, flag, reason, actorOf(c)));
      await requestPublish(c);
      return c.json(modelFlagJson(lifted), 200);
    },
  );
