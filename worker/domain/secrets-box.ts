/**
 * Evaluator HMAC secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from EVALUATOR_SECRETS_KEY, with
 * the key row's id as associated data. A copy of the database alone can neither sign nor move a secret to
 * another evaluator's row.
 */
import { strongEnough, tooShortMessage } from "./secret-strength";
import { fromBase64, toBase64 } from "./encoding";

const encoder = new TextEncoder();
const FORMAT = "aesgcm1";

async function boxKey(masterKey: string): Promise<CryptoKey> {
  if (!strongEnough(masterKey)) throw new Error(tooShortMessage(["EVALUATOR_SECRETS_KEY"]));
  const material = await crypto.subtle.importKey("raw", encoder.encode(masterKey), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("podium"), info: encoder.encode("evaluator-secrets/v1") },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** `aesgcm1:<base64 iv‖ciphertext>` of `secret`, bound to `keyId`; only openSecret with both gives it back. */
export async function sealSecret(secret: string, masterKey: string, keyId: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(keyId) },
    await boxKey(masterKey),
    encoder.encode(secret),
  );
  const out = new Uint8Array(iv.length + sealed.byteLength);
  out.set(iv, 0);
  out.set(new Uint8Array(sealed), iv.length);
  return `${FORMAT}:${toBase64(out)}`;
}

/** The secret sealed by sealSecret; throws when the master key, the key id or the ciphertext differ. */
export async function openSecret(sealed: string, masterKey: string, keyId: string): Promise<string> {
  const bytes = sealed.startsWith(`${FORMAT}:`) ? fromBase64(sealed.slice(FORMAT.length + 1)) : null;
  if (!bytes || bytes.length < 13) throw new Error("not a sealed secret");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: bytes.slice(0, 12), additionalData: encoder.encode(keyId) },
    await boxKey(masterKey),
    bytes.slice(12),
  );
  return new TextDecoder().decode(plain);
}
