/**
 * What a submission must satisfy on the Hugging Face Hub. The checks are pure: a HubClient (adapters/hub.ts, a
 * double in tests) fetches the facts they judge.
 */
import type { Precision, WeightType } from "./vocabulary";

/** The facts about one model at one revision that the checks need. */
export interface HubModelFacts {
  /** The repo's id as the Hub spells it: ids are case-insensitive, and this is the one to store. */
  id: string;
  /** The commit the revision resolved to. */
  sha: string;
  license: string | null;
  /** Characters of the model card's text, its YAML front matter excluded; 0 without a card. */
  cardLength: number;
  /** Total parameters from the safetensors metadata; null when the repo has none. */
  parameters: number | null;
  hasChatTemplate: boolean;
}

/** A branch or a tag and the commit it points to. */
export interface HubRef {
  name: string;
  commit: string;
}

export interface HubRefs {
  branches: HubRef[];
  tags: HubRef[];
}

export const MIN_CARD_CHARS = 200;
/** The old leaderboard's size limit: 100B parameters in 16-bit. */
export const MAX_BILLIONS_16BIT = 100;

/**
 * The parameter limit in billions for a precision: the memory of 100B in 16-bit, so 8-bit allows 200B and
 * 4-bit (and GPTQ, which is 4-bit) 400B.
 */
export function maxBillions(precision: Precision): number {
  switch (precision) {
    case "8bit":
      return MAX_BILLIONS_16BIT * 2;
    case "4bit":
    case "GPTQ":
      return MAX_BILLIONS_16BIT * 4;
    default:
      return MAX_BILLIONS_16BIT;
  }
}

export type HubCheck =
  | "revision"
  | "model_exists"
  | "license"
  | "model_card"
  | "parameters"
  | "chat_template"
  | "base_model";

export interface CheckFailure {
  check: HubCheck;
  message: string;
}

export interface SubmissionAsked {
  model: string;
  revision: string;
  precision: Precision;
  weightType: WeightType;
  baseModel?: string | null | undefined;
  chatTemplate: boolean;
}

/** The Hub's default branch: every repo has it. */
export const DEFAULT_BRANCH = "main";

export const REVISION_RULE = `a revision must be ${DEFAULT_BRANCH}, a tag, or a full 40-hex commit in ${DEFAULT_BRANCH}'s history`;

const FULL_COMMIT = /^[0-9a-f]{40}$/i;

/** Whether `revision` is a full commit id (40 hex digits, in either case). */
export function isFullCommit(revision: string): boolean {
  return FULL_COMMIT.test(revision);
}

/** A revision as asked, sorted by what the Hub must confirm about it; commits are read in lower case. */
export type Revision =
  | { kind: "default"; value: string }
  | { kind: "commit"; value: string }
  | { kind: "name"; value: string };

function revisionFailure(why: string): CheckFailure {
  return { check: "revision", message: `${why}: ${REVISION_RULE}` };
}

/** Whether `text` can go into a Hub URL: no control character, no lone surrogate (encodeURIComponent throws). */
function printable(text: string): boolean {
  if (/\p{Cc}/u.test(text)) return false;
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The half of the revision rule that needs no Hub. Anyone can open a pull request on a public repo, and
 * `refs/pr/N` resolves to its head, so no `refs/` name is ever accepted (nor any other spelling git would read
 * as one: refs are refused whatever their case).
 */
export function parseRevision(revision: string): Revision | CheckFailure {
  if (!printable(revision)) return revisionFailure("the revision is not printable text");
  if (/^refs\//i.test(revision)) {
    return revisionFailure(`${revision} is a ref name (pull requests and every other refs/ name are refused)`);
  }
  if (isFullCommit(revision)) return { kind: "commit", value: revision.toLowerCase() };
  return { kind: revision === DEFAULT_BRANCH ? "default" : "name", value: revision };
}

/**
 * The Hub half for a named revision other than the default branch: it must be a tag, pointing at the commit the
 * Hub resolved for it. Other branches are refused: they hold whatever their writers push, unreviewed.
 */
export function checkNamedRevision(name: string, resolvedSha: string, refs: HubRefs | null): CheckFailure | null {
  const tag = refs?.tags.find((t) => t.name === name);
  if (tag && tag.commit.toLowerCase() === resolvedSha.toLowerCase()) return null;
  if (refs?.branches.some((b) => b.name === name))
    return revisionFailure(`${name} is a branch other than ${DEFAULT_BRANCH}`);
  return revisionFailure(`${name} is neither ${DEFAULT_BRANCH} nor a tag`);
}

/** The Hub half for a commit: it must be in the default branch's history (a pull request's commit is not). */
export function checkCommitRevision(sha: string, inDefaultHistory: boolean): CheckFailure | null {
  return inDefaultHistory ? null : revisionFailure(`${sha} is not a commit of ${DEFAULT_BRANCH}'s history`);
}

/** The check that needs no Hub: Delta and Adapter weights are meaningless without their base model. */
export function checkBaseModel(asked: SubmissionAsked): CheckFailure | null {
  if (asked.weightType !== "Original" && !asked.baseModel) {
    return { check: "base_model", message: `${asked.weightType} weights need base_model` };
  }
  return null;
}

/**
 * Every Hub check the facts fail, in a stable order; empty when the submission may be queued. `facts` null means
 * the model does not exist at that revision, which fails alone.
 */
export function checkHubFacts(asked: SubmissionAsked, facts: HubModelFacts | null): CheckFailure[] {
  if (!facts) {
    return [
      { check: "model_exists", message: `${asked.model} does not exist on the Hub at revision ${asked.revision}` },
    ];
  }
  const failures: CheckFailure[] = [];
  if (!facts.license) failures.push({ check: "license", message: "The model card declares no license" });
  if (facts.cardLength < MIN_CARD_CHARS) {
    failures.push({
      check: "model_card",
      message: `The model card has ${facts.cardLength} characters; at least ${MIN_CARD_CHARS} are needed`,
    });
  }
  const limit = maxBillions(asked.precision);
  if (facts.parameters === null) {
    failures.push({ check: "parameters", message: "No safetensors metadata: the parameter count is unknown" });
  } else if (facts.parameters / 1e9 > limit) {
    const billions = Math.round(facts.parameters / 1e8) / 10;
    failures.push({
      check: "parameters",
      message: `${billions}B parameters exceed the ${limit}B limit for ${asked.precision}`,
    });
  }
  if (asked.chatTemplate && !facts.hasChatTemplate) {
    failures.push({ check: "chat_template", message: "chat_template was asked for but the tokenizer has none" });
  }
  return failures;
}

/** The length of a model card's text without its YAML front matter, trimmed. */
export function cardTextLength(readme: string): number {
  const text = readme.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/, "");
  return text.trim().length;
}
