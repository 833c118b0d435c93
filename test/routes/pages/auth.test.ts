import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pkceChallenge } from "../../../worker/domain/oauth";
import { signSession } from "../../../worker/domain/session";
import { database } from "../../../worker/store/db";
import { sessions, users } from "../../../worker/store/schema";
import { ORIGIN, signIn, testApp } from "../../support/app";
import { OAuthDouble } from "../../support/oauth-double";

const oauth = new OAuthDouble("good-code", { sub: "6543", name: "hf-user", avatarUrl: "https://hf.test/a.png" });
const app = testApp({ oauth });
const configured: Partial<Env> = { HF_CLIENT_ID: "client-123", HF_CLIENT_SECRET: "secret-456" };
const db = database(env.DB);
/** The cookies' names on ORIGIN, which is not localhost. */
const SESSION_COOKIE = "__Host-podium_session";
const OAUTH_COOKIE = "__Host-podium_oauth";
/** The dev sign-in exists only for requests to this machine. */
const LOCAL = "http://localhost:8787";

/** name=value pairs of every Set-Cookie header. */
function setCookies(res: Response): Record<string, string> {
  return Object.fromEntries(
    res.headers.getSetCookie().map((c) => {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      return [pair!.slice(0, i), pair!.slice(i + 1)];
    }),
  );
}

async function login() {
  const res = await app.fetch("/auth/login?return=/queue", {}, configured);
  const location = new URL(res.headers.get("location")!);
  return { res, location, trip: setCookies(res)[OAUTH_COOKIE]! };
}

describe("Hugging Face sign-in", () => {
  describe("happy", () => {
    it("/auth/login redirects to Hugging Face's authorize endpoint with state and an S256 PKCE challenge", async () => {
      const { res, location, trip } = await login();
      expect(res.status).toBe(302);
      expect(location.origin + location.pathname).toBe("https://huggingface.co/oauth/authorize");
      const p = location.searchParams;
      expect(p.get("client_id")).toBe("client-123");
      expect(p.get("redirect_uri")).toBe(`${ORIGIN}/auth/callback`);
      expect(p.get("response_type")).toBe("code");
      expect(p.get("scope")).toBe("openid profile");
      expect(p.get("code_challenge_method")).toBe("S256");
      expect(p.get("state")).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(p.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(trip).toBeTruthy();
      const cookie = res.headers.getSetCookie()[0]!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/);
    });

    it("/auth/callback exchanges the code with the PKCE verifier, stores the user and sets a signed session", async () => {
      const { location, trip } = await login();
      const state = location.searchParams.get("state")!;
      const res = await app.fetch(
        `/auth/callback?code=good-code&state=${state}`,
        { headers: { cookie: `${OAUTH_COOKIE}=${trip}` } },
        configured,
      );
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/queue");
      const exchange = oauth.exchanges.at(-1)!;
      expect(exchange.url).toBe("https://huggingface.co/oauth/token");
      const form = new URLSearchParams(exchange.body);
      expect(form.get("grant_type")).toBe("authorization_code");
      expect(form.get("redirect_uri")).toBe(`${ORIGIN}/auth/callback`);
      expect(await pkceChallenge(form.get("code_verifier")!)).toBe(location.searchParams.get("code_challenge"));
      expect(exchange.headers.authorization).toBe(`Basic ${btoa("client-123:secret-456")}`);
      const session = setCookies(res)[SESSION_COOKIE]!;
      expect(await db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.userId, "hf:6543"))).toEqual(
        [{ userId: "hf:6543" }],
      );
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/);
      expect(await db.select().from(users).where(eq(users.id, "hf:6543"))).toEqual([
        { id: "hf:6543", name: "hf-user", avatarUrl: "https://hf.test/a.png", createdAt: expect.any(Number) },
      ]);
      const me = await app.fetch("/api/v1/me", { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
      expect(await me.json()).toEqual({
        user: { id: "hf:6543", name: "hf-user", avatar_url: "https://hf.test/a.png" },
      });
    });

    it("leaves Secure off on localhost so the cookie works over http", async () => {
      const res = await app.fetch("http://localhost:8787/auth/login", {}, configured);
      expect(res.headers.getSetCookie()[0]).not.toMatch(/Secure/);
    });

    it("/auth/dev signs in by name when DEV_AUTH=true and no OAuth client is configured", async () => {
      const res = await app.fetch(`${LOCAL}/auth/dev?user=local-dev&return=/submit`, {}, { DEV_AUTH: "true" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/submit");
      const session = setCookies(res).podium_session!;
      const me = await app.fetch(`${LOCAL}/api/v1/me`, { headers: { cookie: `podium_session=${session}` } });
      expect(await me.json()).toEqual({ user: { id: "dev:local-dev", name: "local-dev", avatar_url: null } });
    });

    it("/auth/login without an OAuth client under DEV_AUTH leads to the dev sign-in form", async () => {
      const res = await app.fetch(`${LOCAL}/auth/login?return=/queue`, {}, { DEV_AUTH: "true" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/signin?return=%2Fqueue");
      const html = await (await app.fetch(`${LOCAL}/signin?return=/queue`, {}, { DEV_AUTH: "true" })).text();
      expect(html).toContain('<form method="get" action="/auth/dev">');
      expect(html).toContain('name="return" value="/queue"');
    });

    it("/auth/logout clears the session cookie", async () => {
      const user = await signIn("leaving");
      const res = await app.fetch("/auth/logout", { method: "POST", headers: { cookie: user.cookie, origin: ORIGIN } });
      expect(res.status).toBe(303);
      expect(res.headers.getSetCookie()[0]).toMatch(/^__Host-podium_session=;.*Max-Age=0/);
    });
  });

  describe("errors", () => {
    it("refuses a callback whose state does not match the cookie, without calling Hugging Face", async () => {
      const { trip } = await login();
      const before = oauth.exchanges.length;
      for (const headers of [{ cookie: `${OAUTH_COOKIE}=${trip}` }, {}] as Record<string, string>[]) {
        const res = await app.fetch("/auth/callback?code=good-code&state=forged", { headers }, configured);
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({
          error: { code: "forbidden", message: "Sign-in state does not match: start again from /auth/login" },
        });
      }
      expect(oauth.exchanges.length).toBe(before);
    });

    it("refuses a code Hugging Face does not accept", async () => {
      const { location, trip } = await login();
      const res = await app.fetch(
        `/auth/callback?code=bad-code&state=${location.searchParams.get("state")}`,
        { headers: { cookie: `${OAUTH_COOKIE}=${trip}` } },
        configured,
      );
      expect(res.status).toBe(403);
      expect(
        res.headers
          .getSetCookie()
          .some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`)),
      ).toBe(false);
    });

    it("refuses a bad dev user name", async () => {
      const res = await app.fetch(`${LOCAL}/auth/dev?user=%3Cscript%3E`, {}, { DEV_AUTH: "true" });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.details[0].path).toBe("user");
    });

    it("/auth/login without an OAuth client and without DEV_AUTH answers 503", async () => {
      const res = await app.fetch("/auth/login");
      expect(res.status).toBe(503);
    });
  });

  describe("auth", () => {
    it("/auth/dev is 404 when DEV_AUTH is off, and when an OAuth client is configured", async () => {
      for (const vars of [{ DEV_AUTH: "false" }, { DEV_AUTH: "true", ...configured }]) {
        const res = await app.fetch(`${LOCAL}/auth/dev?user=mallory`, {}, vars);
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such route" } });
        expect(res.headers.getSetCookie()).toEqual([]);
      }
    });

    it("/signin is 404 when DEV_AUTH is off", async () => {
      expect((await app.fetch(`${LOCAL}/signin`)).status).toBe(404);
    });

    it("never sends the browser to another site after sign-in", async () => {
      for (const target of ["//evil.example/x", "https://evil.example", "/\\evil.example"]) {
        const res = await app.fetch(
          `${LOCAL}/auth/dev?user=someone&return=${encodeURIComponent(target)}`,
          {},
          { DEV_AUTH: "true" },
        );
        expect(res.headers.get("location")).toBe("/");
      }
    });

    it("/api/v1/me is 401 without a session, with a tampered one, an expired one, one signed with another key, or one naming no session", async () => {
      const { sid, cookie: header } = await signIn("x");
      const good = header.slice(header.indexOf("=") + 1);
      const expired = await signSession({ sid, exp: Date.now() - 1 }, env.SESSION_SECRET);
      const otherKey = await signSession(
        { sid, exp: Date.now() + 60_000 },
        "another-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
      );
      const unknown = await signSession({ sid: "no-such-session", exp: Date.now() + 60_000 }, env.SESSION_SECRET);
      const [body, mac] = good.split(".") as [string, string];
      const flipped = body.at(-2) === "A" ? "B" : "A";
      const tampered = `${body.slice(0, -2)}${flipped}${body.slice(-1)}.${mac}`;
      for (const cookie of [undefined, tampered, expired, otherKey, unknown, `${body}.`, "."]) {
        const res = await app.fetch("/api/v1/me", cookie ? { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } } : {});
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({
          error: { code: "unauthorized", message: "Sign in first: this needs a Hugging Face session" },
        });
      }
      const ok = await app.fetch("/api/v1/me", { headers: { cookie: `${SESSION_COOKIE}=${good}` } });
      expect(ok.status).toBe(200);
    });
  });
});
