/**
 * Standard Webhooks (standardwebhooks.com v1.0.0) signing and verification, over the raw bytes of a message:
 * `v1` HMAC-SHA256 with a `whsec_` secret, `v1a` Ed25519 with a `whpk_`/`whsk_` key pair. Pure WebCrypto, so the
 * Worker verifies and the `podium-eval` CLI signs with the same code.
 */
import { type Bytes, fromBase64, toBase64 } from "./encoding";

export type { Bytes } from "./encoding";

export type SignatureScheme = "v1" | "v1a";

/** A key that can check signatures: an HMAC secret (its decoded bytes) or an Ed25519 public key (32 bytes). */
export type VerifyKey = { scheme: "v1"; secret: Bytes } | { scheme: "v1a"; publicKey: Bytes };

/** How far a `webhook-timestamp` may be from now, either way, as the reference libraries allow. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const encoder = new TextEncoder();
// PKCS #8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), because WebCrypto cannot import a raw private key.
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

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

/** What the signed content starts with, before the body: `id.timestamp.`. */
export function signedPrefix(webhookId: string, timestamp: string | number): Bytes {
  return encoder.encode(`${webhookId}.${timestamp}.`);
}

/** The signed content `id.timestamp.body`, with the body's bytes exactly as sent. */
export function signedContent(webhookId: string, timestamp: string | number, body: Bytes): Bytes {
  const head = signedPrefix(webhookId, timestamp);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

function hmacKey(secret: Bytes): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
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
export async function signMessage(secret: string, webhookId: string, timestamp: number, body: Bytes): Promise<string> {
  const content = signedContent(webhookId, timestamp, body);
  const hmac = parseHmacSecret(secret);
  if (hmac) {
    const mac = await crypto.subtle.sign("HMAC", await hmacKey(hmac), content);
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

/** At most this many entries in one `webhook-signature` header; a sender needs one per key it signs with. */
export const MAX_SIGNATURES = 16;
/**
 * At most this many distinct `v1a` entries: each costs an Ed25519 pass over the whole body per key (it cannot be
 * computed once and compared, as an HMAC can), and a sender signs with one key, two while it rotates.
 */
export const MAX_ED25519_SIGNATURES = 2;

const SIGNATURE_BYTES: Record<SignatureScheme, number> = { v1: 32, v1a: 64 };

/** One entry of a `webhook-signature` header that could verify: a known scheme and a signature of its length. */
export interface SignatureEntry {
  scheme: SignatureScheme;
  signature: Bytes;
}

/**
 * The entries of a `webhook-signature` header worth checking, without touching the body: unknown versions, text
 * that is not base64 and signatures of the wrong length are dropped, duplicates kept once. A problem (in words)
 * when the header has too many entries or none that could verify.
 */
export function parseSignatureHeader(header: string): { entries: SignatureEntry[] } | { problem: string } {
  const parts = header.split(" ").filter(Boolean);
  if (parts.length > MAX_SIGNATURES)
    return { problem: `The webhook-signature header has more than ${MAX_SIGNATURES} signatures` };
  const entries: SignatureEntry[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const comma = part.indexOf(",");
    const version = part.slice(0, comma);
    if (comma === -1 || (version !== "v1" && version !== "v1a") || seen.has(part)) continue;
    const signature = fromBase64(part.slice(comma + 1));
    if (signature?.length !== SIGNATURE_BYTES[version]) continue;
    seen.add(part);
    entries.push({ scheme: version, signature });
  }
  if (entries.length === 0) {
    return {
      problem: "No signature in webhook-signature is a v1 (HMAC-SHA256) or v1a (Ed25519) signature of the right length",
    };
  }
  if (entries.filter((e) => e.scheme === "v1a").length > MAX_ED25519_SIGNATURES) {
    return { problem: `The webhook-signature header has more than ${MAX_ED25519_SIGNATURES} v1a (Ed25519) signatures` };
  }
  return { entries };
}

/** Equal bytes, compared in time that does not depend on where they differ. */
function equalBytes(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/**
 * The scheme of a signature among `entries` that verifies with one of `keys` over `content`
 * (`id.timestamp.body`), or null. Each HMAC key hashes the content once, and the MAC is compared with every `v1`
 * entry; each Ed25519 key verifies each `v1a` entry (at most MAX_ED25519_SIGNATURES). The keys are tried one
 * after the other, so WebCrypto never holds more than one copy of the content at a time.
 */
export async function verifySignatures(
  entries: readonly SignatureEntry[],
  keys: readonly VerifyKey[],
  content: Bytes,
): Promise<SignatureScheme | null> {
  const hmacs = entries.filter((e) => e.scheme === "v1");
  const ed25519 = entries.filter((e) => e.scheme === "v1a");
  for (const key of keys) {
    if (key.scheme === "v1") {
      if (hmacs.length === 0) continue;
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(key.secret), content));
      let matched = false;
      for (const entry of hmacs) matched = equalBytes(mac, entry.signature) || matched;
      if (matched) return "v1";
    } else {
      if (ed25519.length === 0) continue;
      const publicKey = await crypto.subtle.importKey("raw", key.publicKey, { name: "Ed25519" }, false, ["verify"]);
      for (const entry of ed25519) {
        if (await crypto.subtle.verify({ name: "Ed25519" }, publicKey, entry.signature, content)) return "v1a";
      }
    }
  }
  return null;
}

/**
 * The scheme of a signature in a `webhook-signature` header that verifies with one of `keys` over
 * `id.timestamp.body`, or null when none does (or the header has too many or no plausible entries).
 */
export async function verifySignatureHeader(
  header: string,
  keys: readonly VerifyKey[],
  webhookId: string,
  timestamp: string,
  body: Bytes,
): Promise<SignatureScheme | null> {
  const parsed = parseSignatureHeader(header);
  if ("problem" in parsed) return null;
  return verifySignatures(parsed.entries, keys, signedContent(webhookId, timestamp, body));
}

/** Why a body could not be read: over `max` bytes, or longer than its Content-Length said. */
export type ReadProblem = "too large" | "longer than declared";

/**
 * The signed content `prefix` + body, read from `body` into ONE buffer (the body is never held twice): sized
 * from `declared` (the Content-Length) when given, else gathered and joined once. Stops reading as soon as the
 * body passes `max` bytes. The body itself is `content.subarray(prefix.length)`.
 */
export async function readSignedContent(
  body: ReadableStream<Uint8Array> | null,
  prefix: Bytes,
  declared: number | null,
  max: number,
): Promise<{ content: Bytes } | { problem: ReadProblem }> {
  if (declared !== null && declared > max) return { problem: "too large" };
  const reader = body?.getReader();
  if (declared !== null) {
    const content = new Uint8Array(prefix.length + declared);
    content.set(prefix, 0);
    let at = prefix.length;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.byteLength > content.length) {
        await reader.cancel();
        return { problem: "longer than declared" };
      }
      content.set(value, at);
      at += value.byteLength;
    }
    return { content: content.subarray(0, at) };
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return { problem: "too large" };
    }
    parts.push(value);
  }
  const content = new Uint8Array(prefix.length + size);
  content.set(prefix, 0);
  let at = prefix.length;
  for (const part of parts) {
    content.set(part, at);
    at += part.byteLength;
  }
  return { content };
}
