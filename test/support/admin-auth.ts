/**
 * The admin bearer-token suite, for every route behind the admin token: call it inside a `describe("auth")`
 * with the requests to protect; each must answer 401 with the standard envelope without the right token.
 */
import { env, SELF } from "cloudflare:test";
import { expect, it } from "vitest";

export interface ProtectedRequest {
  method: string;
  path: string;
  body?: unknown;
}

const unauthorized = {
  error: { code: "unauthorized", message: "A valid admin bearer token is required" },
};

/** Registers one test per request and credential problem: none, wrong token, wrong scheme, empty bearer. */
export function adminAuthSuite(requests: readonly ProtectedRequest[], base = "https://podium.test"): void {
  const credentials: Array<[string, Record<string, string>]> = [
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer not-the-admin-token" }],
    ["the token as Basic credentials", { authorization: `Basic ${btoa(`admin:${env.ADMIN_TOKEN}`)}` }],
    ["an empty bearer", { authorization: "Bearer " }],
    ["a prefix of the token", { authorization: `Bearer ${env.ADMIN_TOKEN.slice(0, -1)}` }],
  ];
  for (const request of requests) {
    for (const [what, headers] of credentials) {
      it(`${request.method} ${request.path} with ${what} is 401`, async () => {
        const res = await SELF.fetch(`${base}${request.path}`, {
          method: request.method,
          headers: { "content-type": "application/json", ...headers },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        });
        expect(res.status).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe('Bearer realm="podium-admin"');
        expect(await res.json()).toEqual(unauthorized);
      });
    }
  }
}
