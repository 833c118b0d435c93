/**
 * Every request's bytes on the wire, as Chromium counts them (CDP `Network.loadingFinished` `encodedDataLength`),
 * and whether the browser's cache answered it. Shared by the island's network tests and the bench.
 */
import type { BrowserContext, CDPSession, Page } from "playwright-core";

export interface Transfer {
  url: string;
  bytes: number;
  fromCache: boolean;
}

/** Records the page's transfers into `done` as each request finishes. */
export async function recordNetwork(
  context: BrowserContext,
  page: Page,
): Promise<{ cdp: CDPSession; done: Transfer[] }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map<string, string>();
  const cached = new Set<string>();
  const done: Transfer[] = [];
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.requestServedFromCache", (e) => cached.add(e.requestId));
  cdp.on("Network.responseReceived", (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId);
  });
  cdp.on("Network.loadingFinished", (e) =>
    done.push({ url: urls.get(e.requestId) ?? "", bytes: e.encodedDataLength, fromCache: cached.has(e.requestId) }),
  );
  return { cdp, done };
}

export const totalBytes = (list: readonly Transfer[]) => list.reduce((n, t) => n + t.bytes, 0);

/**
 * Where the island's data comes from: the board's slice (any layout: worker/routes/api/leaderboard.ts
 * `SLICES_PATH` names the current one), or one API view per query.
 */
export const SLICE_PATH = "/api/v1/leaderboard/slices/";
