import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authorizeUrl, pkceChallenge, readUserinfo, tokenRequest } from "../../worker/domain/oauth";

describe("PKCE", () => {
  it("is base64url(SHA-256(verifier)) without padding, checked against node:crypto", async () => {
    for (const verifier of ["dBjftJeZ4CVP-mJ92K9rGuv9rESLoF3E8QCh8Gmmm6E", "a".repeat(128)]) {
      const expected = createHash("sha256").update(verifier).digest("base64url");
      expect(await pkceChallenge(verifier)).toBe(expected);
      expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });
});

describe("requests", () => {
  it("builds the authorize URL and the token exchange", () => {
    const url = new URL(
      authorizeUrl({ clientId: "c", redirectUri: "https://p.test/auth/callback", state: "s", challenge: "x" }),
    );
    expect(url.origin + url.pathname).toBe("https://huggingface.co/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "c",
      redirect_uri: "https://p.test/auth/callback",
      response_type: "code",
      scope: "openid profile",
      state: "s",
      code_challenge: "x",
      code_challenge_method: "S256",
    });
    const t = tokenRequest({
      clientId: "c",
      clientSecret: "k",
      code: "abc",
      redirectUri: "https://p.test/cb",
      verifier: "v",
    });
    expect(t.url).toBe("https://huggingface.co/oauth/token");
    expect(Object.fromEntries(new URLSearchParams(t.body))).toEqual({
      grant_type: "authorization_code",
      code: "abc",
      redirect_uri: "https://p.test/cb",
      client_id: "c",
      code_verifier: "v",
    });
  });

  it("reads userinfo, refusing answers without sub or user name", () => {
    expect(readUserinfo({ sub: "1", preferred_username: "u", picture: "p" })).toEqual({
      sub: "1",
      name: "u",
      avatarUrl: "p",
    });
    expect(readUserinfo({ sub: "1" })).toBeNull();
    expect(readUserinfo({ preferred_username: "u" })).toBeNull();
    expect(readUserinfo(null)).toBeNull();
  });
});
