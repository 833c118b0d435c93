/**
 * The moderation record's vocabulary: what an admin (or the rules) can do, to what, and who did it. The admin API
 * has one bearer token, so the record can only say "admin"; an admin may add the name they go by in the
 * `Podium-Actor` header, recorded as `admin:<name>`, a claim of the token's holder and no more.
 */

export const MODERATION_ACTIONS = [
  "evaluator.created",
  "evaluator.trust_changed",
  "evaluator.key_rotated",
  "evaluator.key_revoked",
  "evaluator.deleted",
  "evaluator.flagged",
  "evaluation.accepted",
  "evaluation.rejected",
  "model.flagged",
  "model.flag_lifted",
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const MODERATION_SUBJECTS = ["evaluator", "evaluation", "model"] as const;
export type ModerationSubject = (typeof MODERATION_SUBJECTS)[number];

export const FLAG_KINDS = ["contamination", "merge", "license", "other"] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** The actor of what the rules do by themselves (an evaluator flagged after a disagreement). */
export const RULES_ACTOR = "podium";

/** The header an admin may name themselves in. */
export const ACTOR_HEADER = "podium-actor";

/** A name an admin may go by: letters, digits and `.` `_` `@` `-`, up to 64 characters. */
const ACTOR_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** The actor of an admin request: `admin`, or `admin:<name>` for a well-formed header; null for a malformed one. */
export function adminActor(header: string | undefined): string | null {
  if (header === undefined || header.trim() === "") return "admin";
  const name = header.trim();
  return ACTOR_NAME.test(name) ? `admin:${name}` : null;
}

/** Who a flag from the old board's final data was set by. */
export const OLD_BOARD_FLAGGER = "open-llm-leaderboard";
/** The reason of a flag carried over from the old board's `flagged` column. */
export const OLD_BOARD_FLAG_REASON =
  "Flagged on the Open LLM Leaderboard v2 (its final public data gives no reason; see its discussions on the Hub)";
