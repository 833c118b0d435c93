/** ETags and conditional requests, shared by every cached answer (board reads, pages, badges). */

/** The first `bytes` bytes (default all 32) of the SHA-256 of `text`, as lowercase hex. */
export async function sha256Hex(text: string, bytes = 32): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest.slice(0, bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** True when an If-None-Match value lists `etag` or `*`, compared weakly (W/ ignored) as RFC 9110 asks. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const wanted = etag.replace(/^W\//, "");
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === wanted);
}
