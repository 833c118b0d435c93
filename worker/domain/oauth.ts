/**
 * Sign in with Hugging Face: OAuth 2.0 authorization code with PKCE (S256) against the Hub's documented
 * endpoints. Only request building and response reading live here; the HTTP calls are in adapters/oauth.ts.
 */
import { base64url } from "./encoding";

export const HF_OAUTH = {
  authorize: "https://huggingface.co/oauth/authorize",
  token: "https://huggingface.co/oauth/token",
  userinfo: "https://huggingface.co/oauth/userinfo",
  scope: "openid profile",
} as const;

/** The S256 code challenge of a PKCE verifier: base64url(SHA-256(verifier)) (RFC 7636 §4.2). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The URL that sends the browser to Hugging Face to consent, carrying state and the PKCE challenge. */
export function authorizeUrl(p: { clientId: string; redirectUri: string; state: string; challenge: string }): string {
  const url = new URL(HF_OAUTH.authorize);
  url.search = new URLSearchParams({
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    response_type: "code",
    scope: HF_OAUTH.scope,
    state: p.state,
    code_challenge: p.challenge,
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

export interface TokenRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The form POST that trades an authorization code (plus the PKCE verifier) for an access token. */
export function tokenRequest(p: {
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  verifier: string;
}): TokenRequest {
  return {
    url: HF_OAUTH.token,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      authorization: `Basic ${btoa(`${p.clientId}:${p.clientSecret}`)}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: p.code,
      redirect_uri: p.redirectUri,
      client_id: p.clientId,
      code_verifier: p.verifier,
    }).toString(),
  };
}

export interface HubIdentity {
  /** The Hub's stable user id (`sub`). */
  sub: string;
  /** The Hub user name (`preferred_username`). */
  name: string;
  avatarUrl: string | null;
}

/** The identity in an OpenID userinfo answer; null when it lacks a subject or a user name. */
export function readUserinfo(json: unknown): HubIdentity | null {
  if (typeof json !== "object" || json === null) return null;
  const v = json as Record<string, unknown>;
  const name = typeof v.preferred_username === "string" ? v.preferred_username : null;
  if (typeof v.sub !== "string" || !v.sub || !name) return null;
  return { sub: v.sub, name, avatarUrl: typeof v.picture === "string" ? v.picture : null };
}

/** The users.id of a Hub identity, and of a local dev sign-in (never confusable with each other). */
export const userIdOf = {
  hub: (sub: string) => `hf:${sub}`,
  dev: (name: string) => `dev:${name}`,
};

/** Dev sign-in names: what the Hub allows in a user name, so nothing odd reaches a cookie or a page. */
export const DEV_USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,38}$/;
