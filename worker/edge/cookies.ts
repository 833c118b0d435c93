/**
 * Our cookies, named and flagged per request. Outside localhost each is a `__Host-` cookie: the browser accepts
 * it only with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite one (cookie
 * tossing), and the unprefixed name is never read there. On localhost (`npm start` over http) the plain name
 * without Secure is used: not every browser keeps a Secure cookie set over http://localhost.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./context";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether the request was made to this machine (the request URL's host, which Cloudflare routes on). */
export function isLocalRequest(c: Context<AppEnv>): boolean {
  return LOCAL_HOSTS.has(new URL(c.req.url).hostname);
}

/** The name `base` has on this request: `__Host-base` outside localhost. */
export function cookieName(c: Context<AppEnv>, base: string): string {
  return isLocalRequest(c) ? base : `__Host-${base}`;
}

function options(c: Context<AppEnv>) {
  return { path: "/", httpOnly: true, sameSite: "Lax", secure: !isLocalRequest(c) } as const;
}

/** The value of our cookie `base` under its name for this request. */
export function readCookie(c: Context<AppEnv>, base: string): string | undefined {
  return getCookie(c, cookieName(c, base));
}

/** Sets our cookie `base` for `maxAgeSeconds`. */
export function writeCookie(c: Context<AppEnv>, base: string, value: string, maxAgeSeconds: number): void {
  setCookie(c, cookieName(c, base), value, { ...options(c), maxAge: maxAgeSeconds });
}

/** Clears our cookie `base`, with the same flags as when it was set (a `__Host-` deletion needs Secure too). */
export function clearCookie(c: Context<AppEnv>, base: string): void {
  deleteCookie(c, cookieName(c, base), options(c));
}
