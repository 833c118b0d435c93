/**
 * A test double of the Hub client: answers from a table of repos instead of the network, and records what it was
 * asked. Like the Hub, it finds a repo whatever the case of the id asked and answers with the id as first added
 * (the canonical one). Unknown models and revisions do not exist.
 */
import type { HubClient } from "../../worker/adapters/hub";
import type { HubModelFacts, HubRefs } from "../../worker/domain/hub";

/** Facts that pass every check: a licensed 7B model with a long card and a chat template. */
export const GOOD_FACTS: Omit<HubModelFacts, "id"> = {
  sha: "0123456789abcdef0123456789abcdef01234567",
  license: "apache-2.0",
  cardLength: 1200,
  parameters: 7_240_000_000,
  hasChatTemplate: true,
};

/**
 * What a revision is in the repo: `main` or another `branch`, a `tag`, a pull request's head (`pr`, as
 * `refs/pr/N`), a `commit` of main's history, or a `detached` commit that the Hub resolves but main never held
 * (a pull request's commit).
 */
export type RevisionKind = "branch" | "tag" | "pr" | "commit" | "detached";

const COMMIT = /^[0-9a-f]{40}$/;

interface Repo {
  id: string;
  revisions: Map<string, Omit<HubModelFacts, "id">>;
  branches: Map<string, string>;
  tags: Map<string, string>;
  mainHistory: Set<string>;
}

export class HubDouble implements HubClient {
  readonly asked: string[] = [];
  private readonly repos = new Map<string, Repo>();

  /**
   * Makes `model` exist at `revision` with these facts (the defaults pass every check). The kind defaults to a
   * branch for `main`, a commit of main's history for 40 hex digits, and a tag for any other name.
   */
  add(model: string, facts: Partial<Omit<HubModelFacts, "id">> = {}, revision = "main", kind?: RevisionKind): this {
    const key = model.toLowerCase();
    const repo = this.repos.get(key) ?? {
      id: model,
      revisions: new Map(),
      branches: new Map(),
      tags: new Map(),
      mainHistory: new Set(),
    };
    this.repos.set(key, repo);
    const resolved = { ...GOOD_FACTS, ...facts };
    repo.revisions.set(revision, resolved);
    const as = kind ?? (revision === "main" ? "branch" : COMMIT.test(revision) ? "commit" : "tag");
    if (as === "branch") repo.branches.set(revision, resolved.sha);
    if (as === "tag") repo.tags.set(revision, resolved.sha);
    if (as === "commit" || revision === "main") repo.mainHistory.add(resolved.sha);
    return this;
  }

  async modelFacts(modelId: string, revision: string): Promise<HubModelFacts | null> {
    this.asked.push(`${modelId}@${revision}`);
    const repo = this.repos.get(modelId.toLowerCase());
    const facts = repo?.revisions.get(revision);
    return repo && facts ? { id: repo.id, ...facts } : null;
  }

  async refs(modelId: string): Promise<HubRefs | null> {
    this.asked.push(`refs of ${modelId}`);
    const repo = this.repos.get(modelId.toLowerCase());
    const list = (refs: Map<string, string>) => [...refs].map(([name, commit]) => ({ name, commit }));
    return repo ? { branches: list(repo.branches), tags: list(repo.tags) } : null;
  }

  async inHistory(modelId: string, branch: string, sha: string): Promise<boolean> {
    this.asked.push(`history of ${modelId}@${branch}`);
    const repo = this.repos.get(modelId.toLowerCase());
    return branch === "main" && Boolean(repo?.mainHistory.has(sha));
  }
}
