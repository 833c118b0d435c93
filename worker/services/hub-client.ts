/**
 * The real Hub client: the Hub's documented model API at HUB_BASE_URL.
 * `GET /api/models/{id}/revision/{rev}?expand[]=sha&expand[]=cardData&expand[]=safetensors&expand[]=config
 * &expand[]=siblings` gives the commit, the card's metadata (license), the safetensors parameter count and the
 * tokenizer config; the card text is `GET /{id}/raw/{sha}/README.md`.
 */
import { PodiumError } from "../errors";
import { cardTextLength, type HubClient, type HubModelFacts } from "../domain/hub";

interface ModelInfo {
  sha?: string;
  cardData?: { license?: unknown };
  safetensors?: { total?: unknown };
  config?: { tokenizer_config?: { chat_template?: unknown } };
  siblings?: { rfilename?: string }[];
}

function encodeId(modelId: string): string {
  return modelId.split("/").map(encodeURIComponent).join("/");
}

export class HttpHubClient implements HubClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  async modelFacts(modelId: string, revision: string): Promise<HubModelFacts | null> {
    const base = this.baseUrl.replace(/\/$/, "");
    const expand = ["sha", "cardData", "safetensors", "config", "siblings"].map((e) => `expand[]=${e}`).join("&");
    const url = `${base}/api/models/${encodeId(modelId)}/revision/${encodeURIComponent(revision)}?${expand}`;
    const res = await this.get(url);
    if (res.status === 404 || res.status === 401) return null;
    if (!res.ok) throw unreachable(`model API answered ${res.status}`);
    const info = (await res.json()) as ModelInfo;
    if (typeof info.sha !== "string") throw unreachable("model API answered without a sha");
    const license = info.cardData?.license;
    const total = info.safetensors?.total;
    const template = info.config?.tokenizer_config?.chat_template;
    const hasChatTemplate =
      (typeof template === "string" && template.length > 0) ||
      (Array.isArray(template) && template.length > 0) ||
      (info.siblings ?? []).some((s) => s.rfilename === "chat_template.jinja");
    return {
      sha: info.sha,
      license: typeof license === "string" && license ? license : null,
      cardLength: await this.cardLength(`${base}/${encodeId(modelId)}/raw/${info.sha}/README.md`),
      parameters: typeof total === "number" ? total : null,
      hasChatTemplate,
    };
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

function unreachable(why: string): PodiumError {
  return new PodiumError("unavailable", `Could not check the model on the Hugging Face Hub: ${why}`, undefined, {
    "retry-after": "60",
  });
}
