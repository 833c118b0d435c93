/**
 * How much randomness a configured secret can hold, judged from how it is written: two hex digits a byte, or at
 * most six bits a character for anything else (the density of base64). A secret that keys HMACs or encryption
 * must reach 32 bytes, the size of the SHA-256 and AES-256 keys derived from it.
 */

export const MIN_SECRET_BYTES = 32;

/** The most bytes of randomness `value` can carry as written. */
export function secretBytes(value: string): number {
  if (/^[0-9a-fA-F]+$/.test(value)) return Math.floor(value.length / 2);
  return Math.floor((value.length * 6) / 8);
}

/** Whether `value` is long enough to key a MAC or a cipher. */
export function strongEnough(value: string): boolean {
  return secretBytes(value) >= MIN_SECRET_BYTES;
}

/** The sentence that says which variables are too short and what they need. */
export function tooShortMessage(names: readonly string[]): string {
  const [verb, subject] = names.length === 1 ? ["is", "it"] : ["are", "each"];
  return (
    `${names.join(", ")} ${verb} too short: ${subject} must hold at least ${MIN_SECRET_BYTES} bytes of randomness, written as ` +
    `${MIN_SECRET_BYTES * 2} hex digits or ${Math.ceil((MIN_SECRET_BYTES * 8) / 6)} base64 characters ` +
    `(openssl rand -base64 ${MIN_SECRET_BYTES})`
  );
}
