/**
 * The hottest public answers, kept in the isolate's memory. A Cache API hit still costs a trip to the cache and a
 * copy of its body stream on every request; a repeated view of the front page or of a popular query is served
 * from here instead. Keys carry the data and deployed versions, so an entry is never stale, only unused: the
 * least recently used make room, within a fixed budget that keeps the isolate's 128 MB safe.
 */
const MAX_ENTRIES = 64;
const MAX_BYTES = 8 * 1024 * 1024;
const MAX_ENTRY_BYTES = 512 * 1024;

interface Entry {
  body: ArrayBuffer;
  status: number;
  headers: [string, string][];
}

const entries = new Map<string, Entry>();
let totalBytes = 0;

/** A fresh Response for the answer remembered under `key`, or null. */
export function recalled(key: string): Response | null {
  const entry = entries.get(key);
  if (!entry) return null;
  // Re-inserting moves the entry to the end of the Map's order: the most recently used.
  entries.delete(key);
  entries.set(key, entry);
  return new Response(entry.body, { status: entry.status, headers: entry.headers });
}

/** Remembers a copy of `response` under `key` when it fits the budget; consumes `response`'s body. */
export async function remember(key: string, response: Response): Promise<void> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_ENTRY_BYTES) return;
  const body = await response.arrayBuffer();
  if (body.byteLength > MAX_ENTRY_BYTES || entries.has(key)) return;
  for (const [oldest, entry] of entries) {
    if (entries.size < MAX_ENTRIES && totalBytes + body.byteLength <= MAX_BYTES) break;
    entries.delete(oldest);
    totalBytes -= entry.body.byteLength;
  }
  entries.set(key, { body, status: response.status, headers: [...response.headers] });
  totalBytes += body.byteLength;
}
