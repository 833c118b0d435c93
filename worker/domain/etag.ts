/** Conditional requests, shared by every cached answer (board reads, pages, badges). */

/** True when an If-None-Match value lists `etag` or `*`, compared weakly (W/ ignored) as RFC 9110 asks. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const wanted = etag.replace(/^W\//, "");
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === wanted);
}
