/**
 * Signed cookie values: `base64url(JSON payload).base64url(HMAC-SHA256(that, key))`, with an expiry inside the
 * payload. Nothing in a payload is trusted until its MAC verifies. The key is derived (HKDF-SHA256) from
 * SESSION_SECRET for one purpose, so a value made for one cookie never verifies as another, and the secret itself
 * keys nothing. A session cookie only names a session (a D1 row): the MAC keeps ids from being guessed or forged,
 * the row decides whether the session still exists.
 */
import { base64url, fromBase64url } from "./encoding";
import { strongEnough, tooShortMessage } from "./secret-strength";

export const SESSION_COOKIE = "podium_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** What a signed value is for; each has its own derived key. */
export type CookiePurpose = "session" | "oauth-state";

/**
 * The secrets values verify under: `current` signs and verifies; `previous` (SESSION_SECRET_PREVIOUS, set during
 * a rotation) only verifies.
 */
export interface CookieSecrets {
  current: string;
  previous?: string | undefined;
}

/** A verified payload, and whether it verified only under the previous secret (so it should be re-issued). */
export interface Verified<T> {
  payload: T;
  previous: boolean;
}

export interface SessionPayload {
  /** sessions.id */
  sid: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

const encoder = new TextEncoder();

/**
 * Derived keys, kept per isolate: deriving costs more than the MAC itself (in Node on the dev machine a verify
 * took about 0.37 ms deriving each time, 0.1 ms with the key kept). An isolate sees at most two secrets (current,
 * previous) times two purposes; the cap only guards against callers that cycle through secrets.
 */
const derived = new Map<string, Promise<CryptoKey>>();
const MAX_DERIVED = 8;

function purposeKey(secret: string, purpose: CookiePurpose): Promise<CryptoKey> {
  if (!strongEnough(secret)) throw new Error(tooShortMessage(["SESSION_SECRET"]));
  const id = `${purpose}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    if (derived.size >= MAX_DERIVED) derived.clear();
    key = deriveKey(secret, purpose);
    derived.set(id, key);
  }
  return key;
}

async function deriveKey(secret: string, purpose: CookiePurpose): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("podium"), info: encoder.encode(`cookie/${purpose}/v1`) },
    material,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
}

/** A signed value carrying `payload` for `purpose`; only a holder of `secret` can make one that verifies. */
export async function signValue<T extends { exp: number }>(
  payload: T,
  secret: string,
  purpose: CookiePurpose,
): Promise<string> {
  const body = base64url(encoder.encode(JSON.stringify(payload)));
  const mac = await crypto.subtle.sign("HMAC", await purposeKey(secret, purpose), encoder.encode(body));
  return `${body}.${base64url(new Uint8Array(mac))}`;
}

/**
 * The payload of a value whose MAC verifies for `purpose` under the current or the previous secret (compared in
 * constant time by WebCrypto), whose expiry is after `now` and which has the expected shape; null for anything
 * else, never an exception.
 */
export async function verifyValue<T extends { exp: number }>(
  value: string,
  secrets: CookieSecrets,
  purpose: CookiePurpose,
  now: number,
  isShape: (v: Record<string, unknown>) => boolean,
): Promise<Verified<T> | null> {
  const dot = value.indexOf(".");
  if (dot <= 0) return null;
  const body = value.slice(0, dot);
  const mac = fromBase64url(value.slice(dot + 1));
  if (mac?.length !== 32) return null;
  const signed = encoder.encode(body);
  let previous = false;
  if (!(await crypto.subtle.verify("HMAC", await purposeKey(secrets.current, purpose), mac, signed))) {
    if (!secrets.previous) return null;
    if (!(await crypto.subtle.verify("HMAC", await purposeKey(secrets.previous, purpose), mac, signed))) return null;
    previous = true;
  }
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
  return { payload: payload as T, previous };
}

/** A session cookie value naming the session, valid until `payload.exp` (and while the session exists). */
export function signSession(payload: SessionPayload, secret: string): Promise<string> {
  return signValue(payload, secret, "session");
}

/** The session in a cookie value, or null when it is forged, tampered with, malformed or expired. */
export function verifySession(
  value: string,
  secrets: CookieSecrets,
  now: number,
): Promise<Verified<SessionPayload> | null> {
  return verifyValue<SessionPayload>(value, secrets, "session", now, (p) => typeof p.sid === "string");
}
