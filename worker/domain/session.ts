/**
 * Signed cookie values: `base64url(JSON payload).base64url(HMAC-SHA256(that, SESSION_SECRET))`, with an expiry
 * inside the payload. Nothing in a payload is trusted until its MAC verifies. The session cookie and the short
 * OAuth round-trip cookie both use this. A session cookie only names a session (a D1 row): the MAC keeps ids
 * from being guessed or forged, the row decides whether the session still exists.
 */
import { base64url, fromBase64url } from "./encoding";

export const SESSION_COOKIE = "podium_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionPayload {
  /** sessions.id */
  sid: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  if (secret.length < 16) throw new Error("SESSION_SECRET must be at least 16 characters");
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** A signed value carrying `payload`; only a holder of `secret` can make one that verifies. */
export async function signValue(payload: { exp: number }, secret: string): Promise<string> {
  const body = base64url(encoder.encode(JSON.stringify(payload)));
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(body));
  return `${body}.${base64url(new Uint8Array(mac))}`;
}

/**
 * The payload of a value whose MAC verifies under `secret` (compared in constant time by WebCrypto), whose
 * expiry is after `now` and which has the expected shape; null for anything else, never an exception.
 */
export async function verifyValue<T extends { exp: number }>(
  value: string,
  secret: string,
  now: number,
  isShape: (v: Record<string, unknown>) => boolean,
): Promise<T | null> {
  const dot = value.indexOf(".");
  if (dot <= 0) return null;
  const body = value.slice(0, dot);
  const mac = fromBase64url(value.slice(dot + 1));
  if (!mac || mac.length !== 32) return null;
  if (!(await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, encoder.encode(body)))) return null;
  const bytes = fromBase64url(body);
  if (!bytes) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (typeof p.exp !== "number" || p.exp <= now || !isShape(p)) return null;
  return payload as T;
}

/** A session cookie value naming the session, valid until `payload.exp` (and while the session exists). */
export function signSession(payload: SessionPayload, secret: string): Promise<string> {
  return signValue(payload, secret);
}

/** The session in a cookie value, or null when it is forged, tampered with, malformed or expired. */
export function verifySession(value: string, secret: string, now: number): Promise<SessionPayload | null> {
  return verifyValue<SessionPayload>(value, secret, now, (p) => typeof p.sid === "string");
}
