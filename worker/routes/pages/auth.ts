/**
 * The browser's sign-in flow: Hugging Face OAuth (authorization code + PKCE), a local dev sign-in on localhost
 * when no OAuth client is configured and DEV_AUTH=true, and sign-out (of one session or all of the user's).
 */
import type { Context } from "hono";
import { randomToken } from "../../domain/encoding";
import { authorizeUrl, DEV_USER_NAME, pkceChallenge, tokenRequest, userIdOf } from "../../domain/oauth";
import { SESSION_COOKIE, SESSION_TTL_MS, signValue, verifyValue } from "../../domain/session";
import { type AppEnv, createRouter } from "../../edge/context";
import { clearCookie, readCookie, writeCookie } from "../../edge/cookies";
import { PodiumError } from "../../edge/errors";
import { currentUser, devAuthOn, requireSameOrigin } from "../../edge/session";
import { signIn, signOut, signOutEverywhere } from "../../use-cases/sessions";

const OAUTH_COOKIE = "podium_oauth";
const OAUTH_TTL_MS = 10 * 60 * 1000;

interface OAuthRoundTrip {
  state: string;
  verifier: string;
  returnTo: string;
  exp: number;
}

const RETURN_BASE = "https://podium.invalid";

/**
 * Only same-site paths, so a sign-in link cannot bounce the user to another site. Judged by resolving the path
 * as a browser would: browsers drop tabs and newlines and read `\` as `/`, so `/\t/evil.example` means
 * `//evil.example`. The answer is the resolved path, so no control character reaches the Location header.
 */
export function safeReturn(path: string | undefined): string {
  if (!path?.startsWith("/")) return "/";
  const url = URL.parse(path, RETURN_BASE);
  // `/.//x` resolves on our origin to the path `//x`, which as a Location would mean the host x.
  if (!url || url.origin !== RETURN_BASE || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

async function startSession(c: Context<AppEnv>, user: { id: string; name: string; avatarUrl: string | null }) {
  const value = await signIn(c.var.db, c.var.config.sessionSecrets.current, user, Date.now());
  writeCookie(c, SESSION_COOKIE, value, SESSION_TTL_MS / 1000);
}

/** Clears the session cookie and goes home: what every sign-out answers, signed in or not. */
function signedOut(c: Context<AppEnv>) {
  clearCookie(c, SESSION_COOKIE);
  return c.redirect("/", 303);
}

export const authPages = createRouter()
  .get("/auth/login", async (c) => {
    const returnTo = safeReturn(c.req.query("return"));
    const oauth = c.var.config.oauth;
    if (!oauth) {
      if (devAuthOn(c)) return c.redirect(`/signin?return=${encodeURIComponent(returnTo)}`, 302);
      throw new PodiumError("unavailable", "Sign-in is not configured: set HF_CLIENT_ID and HF_CLIENT_SECRET");
    }
    const verifier = randomToken(32);
    const state = randomToken(16);
    const trip: OAuthRoundTrip = { state, verifier, returnTo, exp: Date.now() + OAUTH_TTL_MS };
    writeCookie(
      c,
      OAUTH_COOKIE,
      await signValue(trip, c.var.config.sessionSecrets.current, "oauth-state"),
      OAUTH_TTL_MS / 1000,
    );
    const redirectUri = new URL("/auth/callback", c.req.url).toString();
    const challenge = await pkceChallenge(verifier);
    return c.redirect(authorizeUrl({ clientId: oauth.clientId, redirectUri, state, challenge }), 302);
  })
  .get("/auth/callback", async (c) => {
    const oauth = c.var.config.oauth;
    if (!oauth) throw new PodiumError("not_found", "No such route");
    const raw = readCookie(c, OAUTH_COOKIE);
    clearCookie(c, OAUTH_COOKIE);
    const verified = raw
      ? await verifyValue<OAuthRoundTrip>(raw, c.var.config.sessionSecrets, "oauth-state", Date.now(), (p) =>
          ["state", "verifier", "returnTo"].every((k) => typeof p[k] === "string"),
        )
      : null;
    const trip = verified?.payload;
    const state = c.req.query("state");
    if (!trip || !state || state !== trip.state) {
      throw new PodiumError("forbidden", "Sign-in state does not match: start again from /auth/login");
    }
    if (c.req.query("error")) {
      throw new PodiumError("forbidden", `Hugging Face refused the sign-in: ${c.req.query("error")}`);
    }
    const code = c.req.query("code");
    if (!code) throw new PodiumError("bad_request", "The callback carries no authorization code");
    const redirectUri = new URL("/auth/callback", c.req.url).toString();
    const accessToken = await c.var.oauth.exchange(
      tokenRequest({
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
        code,
        redirectUri,
        verifier: trip.verifier,
      }),
    );
    if (!accessToken) throw new PodiumError("forbidden", "Hugging Face refused the authorization code");
    const identity = await c.var.oauth.userinfo(accessToken);
    if (!identity) throw new PodiumError("forbidden", "Hugging Face did not say who you are");
    await startSession(c, { id: userIdOf.hub(identity.sub), name: identity.name, avatarUrl: identity.avatarUrl });
    return c.redirect(safeReturn(trip.returnTo), 303);
  })
  .get("/auth/dev", async (c) => {
    if (!devAuthOn(c)) throw new PodiumError("not_found", "No such route");
    const name = c.req.query("user") ?? "";
    if (!DEV_USER_NAME.test(name)) {
      throw new PodiumError("invalid_parameter", "Invalid parameter at user: letters, digits, . _ - (≤ 39)", [
        { path: "user", message: "letters, digits, . _ - (≤ 39)" },
      ]);
    }
    await startSession(c, { id: userIdOf.dev(name), name, avatarUrl: null });
    return c.redirect(safeReturn(c.req.query("return")), 303);
  })
  // A cross-site POST carries no SameSite=Lax cookie, so the session middleware's Origin rule would not see it,
  // yet its answer would still clear the cookie: sign-out checks the Origin itself.
  .post("/auth/logout", async (c) => {
    requireSameOrigin(c);
    const claim = c.var.session;
    if (claim) await signOut(c.var.db, claim.payload.sid);
    return signedOut(c);
  })
  .post("/auth/logout/everywhere", async (c) => {
    requireSameOrigin(c);
    const user = await currentUser(c);
    if (user) await signOutEverywhere(c.var.db, user.id);
    return signedOut(c);
  });
