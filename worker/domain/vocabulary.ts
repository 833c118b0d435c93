/**
 * The words the old leaderboard used for a model's kind, precision and weights, as closed sets. zod schemas,
 * filters, the seed and the pages all take their values from here.
 */

export const MODEL_TYPES = [
  "pretrained",
  "continuously-pretrained",
  "fine-tuned",
  "chat",
  "merge",
  "multimodal",
  "other",
] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

/** The label per type, shown beside its mark (web/components/type-icon.tsx) in the type column and the chips. */
export const MODEL_TYPE_LABELS: Record<ModelType, { label: string }> = {
  pretrained: { label: "pretrained" },
  "continuously-pretrained": { label: "continuously pretrained" },
  "fine-tuned": { label: "fine-tuned" },
  chat: { label: "chat (RLHF, DPO, IFT)" },
  merge: { label: "merge / MoErge" },
  multimodal: { label: "multimodal" },
  other: { label: "other" },
};

export const PRECISIONS = ["bfloat16", "float16", "8bit", "4bit", "GPTQ"] as const;
export type Precision = (typeof PRECISIONS)[number];

export const WEIGHT_TYPES = ["Original", "Delta", "Adapter"] as const;
export type WeightType = (typeof WEIGHT_TYPES)[number];

/**
 * Where a run stands on the board (domain/verification.ts decides): `ranked` is its group's row on the board;
 * `candidate` is the row listed only with `verification=all` while none of the group's runs is verified;
 * `superseded` is a full run no row shows (another run of its group is shown, or it is disputed or rejected);
 * `partial` never is.
 */
export const EVALUATION_STATUSES = ["ranked", "candidate", "superseded", "partial"] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const SUBMISSION_STATUSES = ["PENDING", "RUNNING", "FINISHED", "FAILED"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** A `submission` is someone's request; a `reproduction` is Podium's, to rerun a stored run independently. */
export const SUBMISSION_KINDS = ["submission", "reproduction"] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/** The submitter of reproduction jobs: the board itself, a user row no sign-in can be (those are `hf:` or `dev:`). */
export const PODIUM_USER = "podium";

/** The namespace (`org`) of a Hub model id `org/name`. */
export function namespaceOf(modelId: string): string {
  const slash = modelId.indexOf("/");
  return slash === -1 ? modelId : modelId.slice(0, slash);
}
