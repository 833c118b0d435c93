/**
 * The baseline: a bare Worker served exactly like Podium (Miniflare, 127.0.0.1, a free port, behind the same
 * static-assets layer with the same options) that answers each route with bytes held in memory, captured from
 * Podium's own answer, so it marks the runtime's limit for a body of that size and type. Any other path answers
 * `new Response("ok")`, the reference for a trivial route.
 *
 * Served without the assets layer it is the bare Worker: locally that layer is Miniflare's JavaScript router, a
 * second worker every request passes through (in production it is Cloudflare's own routing), so the bare figure
 * shows what the emulation costs. On the same server, `?cache` answers from the Cache API and `?d1` does so after
 * one small D1 read: the platform floor of the routes whose design reads them on every request.
 */
import { convertV4MiniflareOptions, Miniflare } from "miniflare";

export interface CapturedAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
}

export interface BaselineServer {
  url: string;
  stop(): Promise<void>;
}

// Bodies are decoded once when the isolate starts; a request only looks up the path and sends the bytes.
// A POST route reads the whole request body first, as Podium must before it can verify a signature.
const SCRIPT = `
const answers = new Map();
for (const [path, a] of Object.entries(ANSWERS)) {
  answers.set(path, { status: a.status, type: a.type, bytes: Uint8Array.from(atob(a.body), (c) => c.charCodeAt(0)) });
}
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const hit = answers.get(url.pathname);
    if (!hit) return new Response("ok");
    if (request.method === "POST") await request.arrayBuffer();
    const fresh = () => new Response(hit.bytes, { status: hit.status, headers: { "content-type": hit.type } });
    if (!url.searchParams.has("cache") && !url.searchParams.has("d1")) return fresh();
    if (url.searchParams.has("d1")) await env.DB.prepare("select 1 as v").first();
    const key = new Request("https://floor.invalid" + url.pathname);
    const cached = await caches.default.match(key);
    if (cached) return cached;
    const response = fresh();
    response.headers.set("cache-control", "public, max-age=86400");
    ctx.waitUntil(caches.default.put(key, response.clone()));
    return response;
  },
};
`;

/**
 * Starts the baseline; `answers` maps a path (e.g. `/home`) to the bytes it returns. `assets` are the static-assets
 * options Podium is served behind (`AppServer.assets`); without them it is the bare Worker.
 */
export async function startBaseline(
  answers: Record<string, CapturedAnswer>,
  assets?: Record<string, unknown>,
): Promise<BaselineServer> {
  const encoded = Object.fromEntries(
    Object.entries(answers).map(([path, a]) => [
      path,
      { status: a.status, type: a.contentType, body: Buffer.from(a.body).toString("base64") },
    ]),
  );
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [
        {
          name: "baseline",
          modules: true,
          script: `const ANSWERS = ${JSON.stringify(encoded)};\n${SCRIPT}`,
          compatibilityDate: "2026-11-01",
          d1Databases: ["DB"],
          ...(assets ? { assets } : {}),
        },
      ],
      host: "127.0.0.1",
      port: 0,
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = (await mf.ready).toString().replace(/\/$/, "");
  return { url, stop: () => mf.dispose() };
}
