/** A test double of the Hugging Face OAuth calls: one valid code and one valid token, recorded requests. */
import type { HubIdentity, TokenRequest } from "../../worker/domain/oauth";
import type { OAuthClient } from "../../worker/adapters/oauth";

export class OAuthDouble implements OAuthClient {
  readonly exchanges: TokenRequest[] = [];

  constructor(
    private readonly validCode: string,
    private readonly identity: HubIdentity,
    private readonly token = "hf_oauth_token_double",
  ) {}

  async exchange(request: TokenRequest): Promise<string | null> {
    this.exchanges.push(request);
    const code = new URLSearchParams(request.body).get("code");
    return code === this.validCode ? this.token : null;
  }

  async userinfo(accessToken: string): Promise<HubIdentity | null> {
    return accessToken === this.token ? this.identity : null;
  }
}
