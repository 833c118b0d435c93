/**
 * A test double of the Hub client: answers from a table of facts per `model@revision` instead of the network,
 * and records what it was asked. Unknown models do not exist.
 */
import type { HubClient, HubModelFacts } from "../../worker/domain/hub";

/** Facts that pass every check: a licensed 7B model with a long card and a chat template. */
export const GOOD_FACTS: HubModelFacts = {
  sha: "0123456789abcdef0123456789abcdef01234567",
  license: "apache-2.0",
  cardLength: 1200,
  parameters: 7_240_000_000,
  hasChatTemplate: true,
};

export class HubDouble implements HubClient {
  readonly asked: string[] = [];
  private readonly facts = new Map<string, HubModelFacts>();

  /** Makes `model` exist at `revision` with these facts (the defaults pass every check). */
  add(model: string, facts: Partial<HubModelFacts> = {}, revision = "main"): this {
    this.facts.set(`${model}@${revision}`, { ...GOOD_FACTS, ...facts });
    return this;
  }

  async modelFacts(modelId: string, revision: string): Promise<HubModelFacts | null> {
    this.asked.push(`${modelId}@${revision}`);
    return this.facts.get(`${modelId}@${revision}`) ?? null;
  }
}
