/**
 * Sessions and the secrets behind them: sign-out ends a session for every copy of its cookie, sign-in is cheap
 * (no D1 read without a cookie), cookies are `__Host-` outside localhost, each cookie kind is signed with its own
 * derived key, SESSION_SECRET rotates with a grace for the previous value.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signSession, signValue } from "../../../worker/domain/session";
import { ORIGIN, signIn, testApp } from "../../support/app";
import { OAuthDouble } from "../../support/oauth-double";

const oauth = new OAuthDouble("good-code", { sub: "777", name: "session-user", avatarUrl: null });
const app = testApp({ oauth });
const configured: Partial<Env> = { HF_CLIENT_ID: "client-123", HF_CLIENT_SECRET: "secret-456" };

/** The first name=value pair of the Set-Cookie headers whose name ends with `suffix`. */
function cookiePair(res: Response, suffix: string): string | undefined {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((pair) => pair.slice(0, pair.indexOf("=")).endsWith(suffix) && !pair.endsWith("="));
}

/** A full Hugging Face sign-in through /auth/login and /auth/callback; the session cookie as `name=value`. */
async function hubSignIn(base = ORIGIN): Promise<string> {
  const login = await app.fetch(`${base}/auth/login`, {}, configured);
  const state = new URL(login.headers.get("location")!).searchParams.get("state")!;
  const trip = cookiePair(login, "podium_oauth")!;
  const callback = await app.fetch(
    `${base}/auth/callback?code=good-code&state=${state}`,
    { headers: { cookie: trip } },
    configured,
  );
  expect(callback.status).toBe(303);
  return cookiePair(callback, "podium_session")!;
}

const me = (cookie: string, base = ORIGIN) => app.fetch(`${base}/api/v1/me`, { headers: { cookie } }, configured);
const post = (path: string, cookie: string, base = ORIGIN) =>
  app.fetch(`${base}${path}`, { method: "POST", headers: { cookie, origin: base } }, configured);

describe("sessions", () => {
  describe("happy", () => {
    it("signing out ends the session: a copy of the cookie taken before is refused afterwards", async () => {
      const cookie = await hubSignIn();
      const copy = cookie;
      expect((await me(copy)).status).toBe(200);
      const out = await post("/auth/logout", cookie);
      expect(out.status).toBe(303);
      expect((await me(copy)).status).toBe(401);
    });

    it("signing out ends only that session; 'sign out everywhere' ends every session of the user", async () => {
      const laptop = await hubSignIn();
      const phone = await hubSignIn();
      const tablet = await hubSignIn();
      await post("/auth/logout", laptop);
      expect((await me(laptop)).status).toBe(401);
      expect((await me(phone)).status).toBe(200);
      const everywhere = await post("/auth/logout/everywhere", phone);
      expect(everywhere.status).toBe(303);
      expect(everywhere.headers.get("location")).toBe("/");
      expect((await me(phone)).status).toBe(401);
      expect((await me(tablet)).status).toBe(401);
    });

    it("answers that set or clear a session cookie, or name the user, carry Cache-Control: no-store", async () => {
      const login = await app.fetch("/auth/login", {}, configured);
      const state = new URL(login.headers.get("location")!).searchParams.get("state")!;
      const callback = await app.fetch(
        `/auth/callback?code=good-code&state=${state}`,
        { headers: { cookie: cookiePair(login, "podium_oauth")! } },
        configured,
      );
      const cookie = cookiePair(callback, "podium_session")!;
      const dev = await app.fetch("http://localhost:8787/auth/dev?user=no-store", {}, { DEV_AUTH: "true" });
      const answers = [
        login,
        callback,
        dev,
        await me(cookie),
        await post("/auth/logout", cookie),
        await post("/auth/logout/everywhere", cookie),
      ];
      expect(answers.map((r) => r.status)).toEqual([302, 303, 303, 200, 303, 303]);
      for (const res of answers) expect(res.headers.get("cache-control"), res.url).toBe("no-store");
    });

    it("/account offers both sign-outs as POST forms", async () => {
      const cookie = await hubSignIn();
      const html = await (await app.fetch("/account", { headers: { cookie } }, configured)).text();
      expect(html).toContain('<form method="post" action="/auth/logout">');
      expect(html).toContain('<form method="post" action="/auth/logout/everywhere">');
    });
  });

  describe("auth", () => {
    it("outside localhost both cookies are __Host- cookies: Secure, Path=/, no Domain; sign-out clears it the same way", async () => {
      const login = await app.fetch("/auth/login", {}, configured);
      const trip = login.headers.getSetCookie().find((c) => c.startsWith("__Host-podium_oauth="));
      expect(trip).toMatch(/; Path=\/;/);
      expect(trip).toMatch(/; Secure/);
      expect(trip).not.toMatch(/Domain=/i);
      const state = new URL(login.headers.get("location")!).searchParams.get("state")!;
      const callback = await app.fetch(
        `/auth/callback?code=good-code&state=${state}`,
        { headers: { cookie: trip!.split(";")[0]! } },
        configured,
      );
      const session = callback.headers.getSetCookie().find((c) => c.startsWith("__Host-podium_session="));
      expect(session).toMatch(/; Path=\/;/);
      expect(session).toMatch(/; HttpOnly/);
      expect(session).toMatch(/; Secure/);
      expect(session).toMatch(/; SameSite=Lax/);
      expect(session).not.toMatch(/Domain=/i);
      // Browsers drop a __Host- Set-Cookie without Secure, so the deletion must carry it too.
      const out = await post("/auth/logout", session!.split(";")[0]!);
      const cleared = out.headers.getSetCookie().find((c) => c.startsWith("__Host-podium_session="));
      expect(cleared).toMatch(/^__Host-podium_session=; Max-Age=0; Path=\/; .*Secure/);
    });

    it("outside localhost a session cookie without the prefix (settable by a sibling subdomain) is ignored", async () => {
      const cookie = await hubSignIn();
      const value = cookie.slice(cookie.indexOf("=") + 1);
      expect((await me(`podium_session=${value}`)).status).toBe(401);
      expect((await me(`__Host-podium_session=${value}`)).status).toBe(200);
    });

    it("on localhost the cookies keep their plain names and work over http", async () => {
      const cookie = await hubSignIn("http://localhost:8787");
      expect(cookie.startsWith("podium_session=")).toBe(true);
      expect((await me(cookie, "http://localhost:8787")).status).toBe(200);
    });

    it.each(["/auth/logout", "/auth/logout/everywhere"])(
      "%s refuses another Origin or none (403) even without a cookie, as a browser sends a cross-site POST, and clears nothing",
      async (path) => {
        const cookie = await hubSignIn();
        for (const headers of [
          { origin: "https://evil.example" },
          { origin: "null" },
          {},
          { cookie, origin: "https://evil.example" },
          { cookie },
        ] as Record<string, string>[]) {
          const res = await app.fetch(path, { method: "POST", headers }, configured);
          expect(res.status, JSON.stringify(headers)).toBe(403);
          expect(await res.json()).toEqual({
            error: {
              code: "forbidden",
              message: "Cross-origin request refused: the Origin header must be this site",
              details: { origin: headers.origin ?? null },
            },
          });
          expect(res.headers.getSetCookie()).toEqual([]);
        }
        expect((await me(cookie)).status).toBe(200);
      },
    );

    it.each(["/auth/logout", "/auth/logout/everywhere"])(
      "%s is not a GET: a link or an image cannot sign anyone out",
      async (path) => {
        const cookie = await hubSignIn();
        const res = await app.fetch(path, { headers: { cookie } }, configured);
        expect(res.status).toBe(404);
        expect(res.headers.getSetCookie()).toEqual([]);
        expect((await me(cookie)).status).toBe(200);
      },
    );

    it("/auth/dev and /signin are 404 for any host but this machine's, even with DEV_AUTH=true and no OAuth client", async () => {
      const devOn = { DEV_AUTH: "true" };
      const before = await env.DB.prepare("SELECT count(*) AS n FROM sessions").first<number>("n");
      for (const base of [ORIGIN, "https://podium.example", "http://localhost.evil.example", "http://127.0.0.2"]) {
        const dev = await app.fetch(`${base}/auth/dev?user=mallory`, {}, devOn);
        expect(dev.status, base).toBe(404);
        expect(await dev.json()).toEqual({ error: { code: "not_found", message: "No such route" } });
        expect(dev.headers.getSetCookie()).toEqual([]);
        expect((await app.fetch(`${base}/signin`, {}, devOn)).status, base).toBe(404);
        expect((await app.fetch(`${base}/auth/login`, {}, devOn)).status, base).toBe(503);
      }
      expect(await env.DB.prepare("SELECT count(*) AS n FROM sessions").first<number>("n")).toBe(before);
      expect(await env.DB.prepare("SELECT count(*) AS n FROM users WHERE id = 'dev:mallory'").first<number>("n")).toBe(
        0,
      );
      for (const base of ["http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]:8787"]) {
        const dev = await app.fetch(`${base}/auth/dev?user=local-${base.length}`, {}, devOn);
        expect(dev.status, base).toBe(303);
        const cookie = cookiePair(dev, "podium_session")!;
        expect((await me(cookie, base)).status, base).toBe(200);
      }
    });

    it("a value signed as an OAuth state is not a session, even shaped like one", async () => {
      const { sid } = await signIn("purpose-check");
      const asState = await signValue({ sid, exp: Date.now() + 60_000 }, env.SESSION_SECRET, "oauth-state");
      const asSession = await signValue({ sid, exp: Date.now() + 60_000 }, env.SESSION_SECRET, "session");
      expect((await me(`__Host-podium_session=${asState}`)).status).toBe(401);
      expect((await me(`__Host-podium_session=${asSession}`)).status).toBe(200);
    });

    it("a cookie signed with SESSION_SECRET_PREVIOUS is accepted and re-issued under SESSION_SECRET; without that variable it is refused", async () => {
      const { sid } = await signIn("rotation");
      const OLD = "the-previous-session-secret-0123456789-abcdefgh";
      const old = await signSession({ sid, exp: Date.now() + 60_000 }, OLD);
      const cookie = `__Host-podium_session=${old}`;
      const rotated = { ...configured, SESSION_SECRET_PREVIOUS: OLD };
      const during = await app.fetch("/api/v1/me", { headers: { cookie } }, rotated);
      expect(during.status).toBe(200);
      const reissued = cookiePair(during, "podium_session")!;
      expect(reissued.startsWith("__Host-podium_session=")).toBe(true);
      expect(reissued).not.toBe(cookie);
      // The new value verifies under the current secret alone, so it outlives the grace.
      expect((await me(reissued)).status).toBe(200);
      expect((await me(cookie)).status).toBe(401);
      // A cookie under the current secret is not re-issued.
      const current = await app.fetch("/api/v1/me", { headers: { cookie: reissued } }, rotated);
      expect(current.headers.getSetCookie()).toEqual([]);
    });

    it("an OAuth round-trip started before a rotation completes during its grace", async () => {
      const OLD = "the-previous-session-secret-0123456789-abcdefgh";
      const login = await app.fetch("/auth/login", {}, { ...configured, SESSION_SECRET: OLD });
      const state = new URL(login.headers.get("location")!).searchParams.get("state")!;
      const trip = cookiePair(login, "podium_oauth")!;
      const path = `/auth/callback?code=good-code&state=${state}`;
      const refused = await app.fetch(path, { headers: { cookie: trip } }, configured);
      expect(refused.status).toBe(403);
      const done = await app.fetch(
        path,
        { headers: { cookie: trip } },
        { ...configured, SESSION_SECRET_PREVIOUS: OLD },
      );
      expect(done.status).toBe(303);
      expect((await me(cookiePair(done, "podium_session")!)).status).toBe(200);
    });

    it("a request without a session cookie reads nothing from D1; one with a cookie reads its session row only when the route asks who it is", async () => {
      const cookie = await hubSignIn();
      const statements: string[] = [];
      const counting = new Proxy(env.DB, {
        get(target, prop) {
          if (prop === "prepare") {
            return (sql: string) => {
              statements.push(sql);
              return target.prepare(sql);
            };
          }
          const value = Reflect.get(target, prop);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      expect((await app.fetch("/api/v1/me", {}, { DB: counting })).status).toBe(401);
      expect((await app.fetch("/submit", {}, { DB: counting })).status).toBe(200);
      expect(statements).toEqual([]);
      expect((await app.fetch("/api/v1/me", { headers: { cookie } }, { DB: counting })).status).toBe(200);
      expect(statements.filter((s) => /from "sessions"/i.test(s))).toHaveLength(1);
      // A read that does not ask who the user is does not look the session up, cookie or not.
      expect((await app.fetch("/api/v1/benchmarks", { headers: { cookie } }, { DB: counting })).status).toBe(200);
      expect(statements.filter((s) => /from "sessions"/i.test(s))).toHaveLength(1);
    });
  });
});
