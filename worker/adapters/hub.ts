/**
 * The Hugging Face Hub as Submit sees it: the HubClient interface, and the real client over the Hub's documented
 * model API at HUB_BASE_URL.
 * `GET /api/models/{id}/revision/{rev}?expand[]=sha&expand[]=cardData&expand[]=safetensors&expand[]=config
 * &expand[]=siblings` gives the canonical id, the commit, the card's metadata (license), the safetensors
 * parameter count and the tokenizer config; the card text is `GET /{id}/raw/{sha}/README.md`;
 * `GET /api/models/{id}/refs` lists branches and tags with their commits; `GET /api/models/{id}/commits/{rev}`
 * lists a revision's history, newest first, in pages linked by the `Link` header.
 */
import { cardTextLength, type HubModelFacts, type HubRef, type HubRefs } from "../domain/hub";
import { idPath } from "../domain/ids";
import { Unavailable } from "./unavailable";

export interface HubClient {
  /** The facts about `modelId` at `revision`; null when the model or the revision does not exist. */
  modelFacts(modelId: string, revision: string): Promise<HubModelFacts | null>;
  /** The repo's branches and tags (pull requests are neither); null when the model does not exist. */
  refs(modelId: string): Promise<HubRefs | null>;
  /** Whether commit `sha` is in the history of `branch` (the real client searches its newest commits). */
  inHistory(modelId: string, branch: string, sha: string): Promise<boolean>;
}

/** Commits per history page (the most the Hub serves) and pages read: a commit older than that is refused. */
export const HISTORY_PAGE_SIZE = 1000;
export const HISTORY_PAGES = 5;

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?$/;

interface ModelInfo {
  id?: unknown;
  sha?: string;
  cardData?: { license?: unknown };
  safetensors?: { total?: unknown };
  config?: { tokenizer_config?: { chat_template?: unknown } };
  siblings?: { rfilename?: string }[];
}

function refList(value: unknown): HubRef[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((r: { name?: unknown; targetCommit?: unknown } | null) =>
    typeof r?.name === "string" && typeof r.targetCommit === "string" ? [{ name: r.name, commit: r.targetCommit }] : [],
  );
}

/** The `rel="next"` URL of a Link header, only when it stays on the Hub: an answer never sends us elsewhere. */
function nextPage(link: string | null, base: string): string | null {
  for (const part of (link ?? "").split(",")) {
    const match = /^\s*<([^>]*)>\s*;\s*rel="?next"?\s*$/.exec(part);
    const url = match?.[1] ? URL.parse(match[1], base) : null;
    if (url && url.origin === new URL(base).origin) return url.toString();
  }
  return null;
}

export class HttpHubClient implements HubClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  async modelFacts(modelId: string, revision: string): Promise<HubModelFacts | null> {
    const base = this.base();
    const expand = ["sha", "cardData", "safetensors", "config", "siblings"].map((e) => `expand[]=${e}`).join("&");
    const url = `${base}/api/models/${idPath(modelId)}/revision/${encodeURIComponent(revision)}?${expand}`;
    const res = await this.get(url);
    if (res.status === 404 || res.status === 401) return null;
    if (!res.ok) throw unreachable(`model API answered ${res.status}`);
    const info = (await res.json()) as ModelInfo;
    if (typeof info.sha !== "string") throw unreachable("model API answered without a sha");
    if (typeof info.id !== "string" || !MODEL_ID.test(info.id))
      throw unreachable("model API answered without a model id");
    const license = info.cardData?.license;
    const total = info.safetensors?.total;
    const template = info.config?.tokenizer_config?.chat_template;
    const hasChatTemplate =
      (typeof template === "string" && template.length > 0) ||
      (Array.isArray(template) && template.length > 0) ||
      (info.siblings ?? []).some((s) => s.rfilename === "chat_template.jinja");
    return {
      id: info.id,
      sha: info.sha,
      license: typeof license === "string" && license ? license : null,
      cardLength: await this.cardLength(`${base}/${idPath(modelId)}/raw/${info.sha}/README.md`),
      parameters: typeof total === "number" ? total : null,
      hasChatTemplate,
    };
  }

  async refs(modelId: string): Promise<HubRefs | null> {
    const res = await this.get(`${this.base()}/api/models/${idPath(modelId)}/refs`);
    if (res.status === 404 || res.status === 401) return null;
    if (!res.ok) throw unreachable(`refs API answered ${res.status}`);
    const refs = (await res.json()) as { branches?: unknown; tags?: unknown } | null;
    return { branches: refList(refs?.branches), tags: refList(refs?.tags) };
  }

  async inHistory(modelId: string, branch: string, sha: string): Promise<boolean> {
    const wanted = sha.toLowerCase();
    let url: string | null =
      `${this.base()}/api/models/${idPath(modelId)}/commits/${encodeURIComponent(branch)}?limit=${HISTORY_PAGE_SIZE}`;
    for (let page = 0; url && page < HISTORY_PAGES; page++) {
      const res = await this.get(url);
      if (res.status === 404 || res.status === 401) return false;
      if (!res.ok) throw unreachable(`commits API answered ${res.status}`);
      const commits = (await res.json()) as unknown;
      if (!Array.isArray(commits)) throw unreachable("commits API answered without a list");
      if (commits.some((c: { id?: unknown } | null) => typeof c?.id === "string" && c.id.toLowerCase() === wanted))
        return true;
      url = nextPage(res.headers.get("link"), this.base());
    }
    return false;
  }

  private base(): string {
    return this.baseUrl.replace(/\/$/, "");
  }

  private async cardLength(url: string): Promise<number> {
    const res = await this.get(url);
    if (res.status === 404) return 0;
    if (!res.ok) throw unreachable(`model card answered ${res.status}`);
    return cardTextLength(await res.text());
  }

  private async get(url: string): Promise<Response> {
    try {
      return await this.fetcher(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
    } catch {
      throw unreachable("the Hub did not answer");
    }
  }
}

function unreachable(why: string): Unavailable {
  return new Unavailable(`Could not check the model on the Hugging Face Hub: ${why}`, 60);
}
