/**
 * Taking a submission: the request's own rules, the Hub checks (skipped under HUB_OFFLINE, which marks it
 * unverified), then the quota-guarded insert with the submitter's vote (whether the submitter owns the
 * namespace decides which quota applies). Shared by the JSON API and the form.
 */
import type { HubClient } from "../adapters/hub";
import {
  type CheckFailure,
  checkBaseModel,
  checkCommitRevision,
  checkHubFacts,
  checkNamedRevision,
  DEFAULT_BRANCH,
  type HubModelFacts,
  parseRevision,
  type Revision,
} from "../domain/hub";
import { ownsNamespace } from "../domain/queue";
import { type Outcome, refused } from "../domain/refusals";
import { namespaceOf } from "../domain/vocabulary";
import type { SubmissionBody } from "../schemas/queue";
import type { Db } from "../store/db";
import { findModel } from "../store/models";
import { createSubmission, type SubmissionRow } from "../store/submissions";

/**
 * Queues the submission for `user`, or says why not: a Hub check failed, it is a live duplicate, or a quota is
 * used up. An unreachable Hub throws (adapters/unavailable.ts).
 */
export async function submit(
  deps: { db: Db; hub: HubClient; hubOffline: boolean },
  user: { id: string; name: string },
  body: SubmissionBody,
  now: number,
): Promise<Outcome<SubmissionRow, "hub_checks" | "duplicate" | "quota">> {
  const revision = parseRevision(body.revision);
  if ("check" in revision) return checksFailed([revision]);
  const asked = {
    model: body.model,
    revision: revision.value,
    precision: body.precision,
    weightType: body.weight_type,
    baseModel: body.base_model ?? null,
    chatTemplate: body.chat_template,
  };
  const baseFailure = checkBaseModel(asked);
  if (baseFailure) return checksFailed([baseFailure]);
  let facts: HubModelFacts | null = null;
  if (!deps.hubOffline) {
    facts = await deps.hub.modelFacts(body.model, revision.value);
    const revisionFailure = facts && (await checkRevisionOnHub(deps.hub, facts, revision));
    if (revisionFailure) return checksFailed([revisionFailure]);
    const failures = checkHubFacts(asked, facts);
    if (failures.length) return checksFailed(failures);
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

const checksFailed = (failures: CheckFailure[]) => refused({ reason: "hub_checks", failures });
