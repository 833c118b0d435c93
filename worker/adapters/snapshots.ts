/**
 * Where published board snapshots live: Workers KV, one immutable value per board version (values up to 25 MiB,
 * reads cached at the edge). A key never changes value, so a long edge cache of a read is always right; a key not
 * yet visible in a data center (KV is eventually consistent) reads as null.
 */
export interface SnapshotStore {
  read(key: string): Promise<Uint8Array | null>;
  write(key: string, bytes: Uint8Array): Promise<void>;
}

/**
 * How long a data center's edge keeps a read. A versioned key's value never changes, but a miss (the key not yet
 * replicated there) is cached as long as a hit, so the floor KV allows: a new version shows within a minute, and an
 * isolate reads each version once anyway (it holds the decoded board).
 */
const EDGE_CACHE_SECONDS = 60;

/** KV's largest value. */
export const MAX_SNAPSHOT_BYTES = 25 * 2 ** 20;

export function kvSnapshots(kv: KVNamespace): SnapshotStore {
  return {
    async read(key) {
      const value = await kv.get(key, { type: "arrayBuffer", cacheTtl: EDGE_CACHE_SECONDS });
      return value === null ? null : new Uint8Array(value);
    },
    async write(key, bytes) {
      // Miniflare stores larger values; production refuses them. Failing here keeps local runs honest.
      if (bytes.byteLength > MAX_SNAPSHOT_BYTES) {
        throw new RangeError(`a snapshot of ${bytes.byteLength} bytes is over KV's ${MAX_SNAPSHOT_BYTES}`);
      }
      await kv.put(key, bytes);
    },
  };
}
