/**
 * The baseline: a bare Worker served exactly like Podium (Miniflare, 127.0.0.1, a free port) that answers each
 * route with bytes held in memory, captured from Podium's own answer, so it marks the runtime's limit for a body
 * of that size and type. Any other path answers `new Response("ok")`, the reference for a trivial route.
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
  async fetch(request) {
    const url = new URL(request.url);
    const hit = answers.get(url.pathname);
    if (!hit) return new Response("ok");
    if (request.method === "POST") await request.arrayBuffer();
    return new Response(hit.bytes, { status: hit.status, headers: { "content-type": hit.type } });
  },
};
`;

/** Starts the bare Worker; `answers` maps a path (e.g. `/home`) to the bytes it returns. */
export async function startBaseline(answers: Record<string, CapturedAnswer>): Promise<BaselineServer> {
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
        },
      ],
      host: "127.0.0.1",
      port: 0,
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = (await mf.ready).toString().replace(/\/$/, "");
  return { url, stop: () => mf.dispose() };
}
