/**
 * Hashed URLs of the island scripts. scripts/build-client.mjs writes dist/client-manifest.json before wrangler
 * bundles the Worker (wrangler.toml [build]) and before the workers tests run (test/support/client-build.ts);
 * web/client-manifest.d.ts types it for a clean checkout's typecheck, where dist/ does not exist yet.
 */
import manifest from "../dist/client-manifest.json";

const scripts = manifest as Record<string, string | undefined>;

/** The script URL of an island, or undefined when the bundle has no such island (the page then stays static). */
export function islandScript(name: string): string | undefined {
  return scripts[name];
}
