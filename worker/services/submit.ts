/**
 * Taking a submission: the request's own rules, the Hub checks (skipped under HUB_OFFLINE, which marks it
 * unverified), then the quota-guarded insert with the submitter's vote (whether the submitter owns the
 * namespace decides which quota applies). Shared by the JSON API and the form.
 */
import { z } from "@hono/zod-openapi";
import {
  checkBaseModel,
  checkCommitRevision,
  checkHubFacts,
  checkNamedRevision,
  DEFAULT_BRANCH,
  parseRevision,
  type CheckFailure,
  type HubClient,
  type HubModelFacts,
  type Revision,
} from "../domain/hub";
import { ownsNamespace } from "../domain/queue";
import { MODEL_TYPES, namespaceOf, PRECISIONS, WEIGHT_TYPES } from "../domain/vocabulary";
import { PodiumError } from "../errors";
import type { Db } from "../store/db";
import { findModel } from "../store/models";
import { createSubmission, type SubmissionRow } from "../store/submissions";

const segment = "[A-Za-z0-9][A-Za-z0-9._-]{0,95}";

export const submissionBody = z.object({
  model: z
    .string()
    .trim()
    .regex(new RegExp(`^${segment}/${segment}$`), "must be a Hub model id, org/name")
    .openapi({ example: "Qwen/Qwen2.5-7B-Instruct" }),
  revision: z.string().trim().min(1).max(255).default("main"),
  precision: z.enum(PRECISIONS),
  weight_type: z.enum(WEIGHT_TYPES).default("Original"),
  base_model: z
    .string()
    .trim()
    .regex(new RegExp(`^${segment}/${segment}$`), "must be a Hub model id, org/name")
    .optional(),
  model_type: z.enum(MODEL_TYPES),
  chat_template: z.boolean().default(false),
});
export type SubmissionBody = z.infer<typeof submissionBody>;

/** Queues the submission for `user` or throws the PodiumError (400, 409, 422, 429, 503) that says why not. */
export async function submit(
  deps: { db: Db; hub: HubClient; hubOffline: boolean },
  user: { id: string; name: string },
  body: SubmissionBody,
  now: number,
): Promise<SubmissionRow> {
  const revision = parseRevision(body.revision);
  if ("check" in revision) throw checksFailed([revision]);
  const asked = {
    model: body.model,
    revision: revision.value,
    precision: body.precision,
    weightType: body.weight_type,
    baseModel: body.base_model ?? null,
    chatTemplate: body.chat_template,
  };
  const baseFailure = checkBaseModel(asked);
  if (baseFailure) throw checksFailed([baseFailure]);
  let facts: HubModelFacts | null = null;
  if (!deps.hubOffline) {
    facts = await deps.hub.modelFacts(body.model, revision.value);
    const revisionFailure = facts && (await checkRevisionOnHub(deps.hub, facts, revision));
    if (revisionFailure) throw checksFailed([revisionFailure]);
    const failures = checkHubFacts(asked, facts);
    if (failures.length) throw checksFailed(failures);
  }
  // The Hub's spelling of the id; offline, the spelling of a model already known in another case.
  const modelId = facts?.id ?? (await findModel(deps.db, body.model))?.id ?? body.model;
  return createSubmission(
    deps.db,
    {
      id: crypto.randomUUID(),
      modelId,
      namespace: namespaceOf(modelId),
      byOwner: ownsNamespace(user.name, namespaceOf(modelId)),
      revision: revision.value,
      sha: facts?.sha ?? revision.value,
      precision: body.precision,
      weightType: body.weight_type,
      baseModel: asked.baseModel,
      modelType: body.model_type,
      chatTemplate: body.chat_template,
      verified: facts !== null,
      paramsBillions: facts?.parameters != null ? facts.parameters / 1e9 : null,
      license: facts?.license ?? null,
      submitterId: user.id,
    },
    now,
  );
}

/** Asks the Hub what the revision rule needs beyond the resolved commit: the repo's tags, or main's history. */
async function checkRevisionOnHub(
  hub: HubClient,
  facts: HubModelFacts,
  revision: Revision,
): Promise<CheckFailure | null> {
  switch (revision.kind) {
    case "default":
      return null;
    case "commit":
      return checkCommitRevision(revision.value, await hub.inHistory(facts.id, DEFAULT_BRANCH, revision.value));
    case "name":
      return checkNamedRevision(revision.value, facts.sha, await hub.refs(facts.id));
  }
}

function checksFailed(failures: { check: string; message: string }[]): PodiumError {
  const [first] = failures;
  return new PodiumError(
    "unprocessable",
    `Check ${first?.check} failed: ${first?.message}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ""}`,
    failures,
  );
}
