/** Bytes as text, written once for every caller: standard base64, base64url without padding, hex digests. */

/** Bytes backed by a plain ArrayBuffer, as WebCrypto takes them. */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();

/** Standard base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
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

/** Bytes as base64url without padding, as cookies and PKCE want. */
export function base64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url (padded or not) back to bytes; null when the text is not base64url. */
export function fromBase64url(text: string): Bytes | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  return fromBase64(padded);
}

/** `n` cryptographically random bytes as base64url. */
export function randomToken(n = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

async function sha256(data: Bytes | string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data));
}

/** Hex SHA-256 of bytes or of a string's UTF-8. */
export async function sha256Hex(data: Bytes | string): Promise<string> {
  return Array.from(await sha256(data), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Standard base64 SHA-256 of a string's UTF-8 (CSP hashes, PKCE challenges before base64url). */
export async function sha256Base64(data: string): Promise<string> {
  return toBase64(await sha256(data));
}
