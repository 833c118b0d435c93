/**
 * Standard Webhooks (standardwebhooks.com v1.0.0) signing and verification, over the raw bytes of a message:
 * `v1` HMAC-SHA256 with a `whsec_` secret, `v1a` Ed25519 with a `whpk_`/`whsk_` key pair. Pure WebCrypto, so the
 * Worker verifies and the `podium-eval` CLI signs with the same code.
 */

export type SignatureScheme = "v1" | "v1a";

/** Bytes backed by a plain ArrayBuffer, as WebCrypto takes them. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** A key that can check signatures: an HMAC secret (its decoded bytes) or an Ed25519 public key (32 bytes). */
export type VerifyKey = { scheme: "v1"; secret: Bytes } | { scheme: "v1a"; publicKey: Bytes };

/** How far a `webhook-timestamp` may be from now, either way, as the reference libraries allow. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const encoder = new TextEncoder();
// PKCS #8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), because WebCrypto cannot import a raw private key.
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/** Standard base64 of bytes. */
export function toBase64(bytes: Bytes): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Bytes of standard base64 text; null when the text is not base64. */
export function fromBase64(text: string): Bytes | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return null;
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

function prefixed(value: string, prefix: string): Bytes | null {
  return value.startsWith(prefix) ? fromBase64(value.slice(prefix.length)) : null;
}

/** The key bytes of a `whsec_` secret (24–64 bytes); null when it is not one. */
export function parseHmacSecret(secret: string): Bytes | null {
  const bytes = prefixed(secret, "whsec_");
  return bytes && bytes.length >= 24 && bytes.length <= 64 ? bytes : null;
}

/** The 32 bytes of a `whpk_` Ed25519 public key; null when it is not one. */
export function parseEd25519PublicKey(key: string): Bytes | null {
  const bytes = prefixed(key, "whpk_");
  return bytes && bytes.length === 32 ? bytes : null;
}

/** The 32-byte seed of a `whsk_` Ed25519 secret key (the seed alone, or libsodium's seed‖public); null if not one. */
export function parseEd25519SecretKey(key: string): Bytes | null {
  const bytes = prefixed(key, "whsk_");
  return bytes && (bytes.length === 32 || bytes.length === 64) ? bytes.slice(0, 32) : null;
}

/** A fresh `whsec_` secret with 32 random bytes. */
export function generateHmacSecret(): string {
  return `whsec_${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** A fresh Ed25519 pair: `whsk_` (seed‖public, libsodium layout) and `whpk_`. */
export async function generateEd25519KeyPair(): Promise<{ secretKey: string; publicKey: string }> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  const publicKey = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  const seed = pkcs8.slice(pkcs8.length - 32);
  const secret = new Uint8Array(64);
  secret.set(seed, 0);
  secret.set(publicKey, 32);
  return { secretKey: `whsk_${toBase64(secret)}`, publicKey: `whpk_${toBase64(publicKey)}` };
}

/** The signed content `id.timestamp.body`, with the body's bytes exactly as sent. */
export function signedContent(webhookId: string, timestamp: string | number, body: Bytes): Bytes {
  const head = encoder.encode(`${webhookId}.${timestamp}.`);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

function hmacKey(secret: Bytes, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

/** The three Standard Webhooks headers of a message signed now-ish with `secret` (see signMessage). */
export async function signedHeaders(
  secret: string,
  webhookId: string,
  timestamp: number,
  body: Bytes,
): Promise<Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>> {
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signMessage(secret, webhookId, timestamp, body),
  };
}

/**
 * The `webhook-signature` entry for a message: `v1,<base64 HMAC>` for a `whsec_` secret, `v1a,<base64 Ed25519>`
 * for a `whsk_` key. Throws on a secret of neither form.
 */
export async function signMessage(
  secret: string,
  webhookId: string,
  timestamp: number,
  body: Bytes,
): Promise<string> {
  const content = signedContent(webhookId, timestamp, body);
  const hmac = parseHmacSecret(secret);
  if (hmac) {
    const mac = await crypto.subtle.sign("HMAC", await hmacKey(hmac, "sign"), content);
    return `v1,${toBase64(new Uint8Array(mac))}`;
  }
  const seed = parseEd25519SecretKey(secret);
  if (seed) {
    const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32);
    pkcs8.set(PKCS8_ED25519_PREFIX, 0);
    pkcs8.set(seed, PKCS8_ED25519_PREFIX.length);
    const key = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
    const signature = await crypto.subtle.sign({ name: "Ed25519" }, key, content);
    return `v1a,${toBase64(new Uint8Array(signature))}`;
  }
  throw new Error("the secret must be a whsec_ (HMAC) or whsk_ (Ed25519) key");
}

export type TimestampProblem = "missing" | "stale" | "future";

/** Why a `webhook-timestamp` is refused, or null when it is an integer within the tolerance of `nowSeconds`. */
export function timestampProblem(timestamp: string | null | undefined, nowSeconds: number): TimestampProblem | null {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return "missing";
  const ts = Number(timestamp);
  if (nowSeconds - ts > TIMESTAMP_TOLERANCE_SECONDS) return "stale";
  if (ts - nowSeconds > TIMESTAMP_TOLERANCE_SECONDS) return "future";
  return null;
}

/**
 * The scheme of the first signature in a `webhook-signature` header that verifies with one of `keys` over
 * `id.timestamp.body`, or null when none does. Each check is WebCrypto `verify`, which compares in constant time.
 */
export async function verifySignatureHeader(
  header: string,
  keys: readonly VerifyKey[],
  webhookId: string,
  timestamp: string,
  body: Bytes,
): Promise<SignatureScheme | null> {
  const content = signedContent(webhookId, timestamp, body);
  const entries = header.split(" ").filter(Boolean).slice(0, 16);
  for (const entry of entries) {
    const comma = entry.indexOf(",");
    if (comma === -1) continue;
    const version = entry.slice(0, comma);
    const signature = fromBase64(entry.slice(comma + 1));
    if (!signature) continue;
    for (const key of keys) {
      if (key.scheme !== version) continue;
      if (key.scheme === "v1") {
        if (signature.length !== 32) continue;
        if (await crypto.subtle.verify("HMAC", await hmacKey(key.secret, "verify"), signature, content)) return "v1";
      } else {
        if (signature.length !== 64) continue;
        const publicKey = await crypto.subtle.importKey("raw", key.publicKey, { name: "Ed25519" }, false, ["verify"]);
        if (await crypto.subtle.verify({ name: "Ed25519" }, publicKey, signature, content)) return "v1a";
      }
    }
  }
  return null;
}

/** Hex SHA-256 of bytes. */
export async function sha256Hex(bytes: Bytes | string): Promise<string> {
  const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
