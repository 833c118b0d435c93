/** The two HTTP calls of Hugging Face sign-in, behind an interface so tests can stand in for the Hub. */
import { HF_OAUTH, type HubIdentity, readUserinfo, type TokenRequest } from "../domain/oauth";
import { Unavailable } from "./unavailable";

export interface OAuthClient {
  /** Trades the code for an access token; null when Hugging Face refuses the code. */
  exchange(request: TokenRequest): Promise<string | null>;
  /** The signed-in identity behind an access token; null when the token is refused. */
  userinfo(accessToken: string): Promise<HubIdentity | null>;
}

export class HttpOAuthClient implements OAuthClient {
  constructor(private readonly fetcher: typeof fetch = fetch) {}

  async exchange(request: TokenRequest): Promise<string | null> {
    const res = await this.call(request.url, { method: "POST", headers: request.headers, body: request.body });
    if (res.status >= 400 && res.status < 500) return null;
    if (!res.ok) throw unavailable();
    const json = (await res.json()) as { access_token?: unknown };
    return typeof json.access_token === "string" ? json.access_token : null;
  }

  async userinfo(accessToken: string): Promise<HubIdentity | null> {
    const res = await this.call(HF_OAUTH.userinfo, { headers: { authorization: `Bearer ${accessToken}` } });
    if (res.status >= 400 && res.status < 500) return null;
    if (!res.ok) throw unavailable();
    return readUserinfo(await res.json());
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetcher(url, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch {
      throw unavailable();
    }
  }
}

function unavailable(): Unavailable {
  return new Unavailable("Hugging Face sign-in is not answering; try again shortly");
}
