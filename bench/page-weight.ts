/**
 * Page weight of `/`: the HTML and every script and stylesheet it pulls in (following module imports), each
 * gzipped at level 9 as a CDN would send it. Inline styles count in the HTML, where they travel.
 */
import { gzipSync } from "node:zlib";

export interface Asset {
  url: string;
  bytes: number;
  gzipped: number;
}

export interface PageWeight {
  html: Asset;
  scripts: Asset[];
  styles: Asset[];
  scriptsGzipped: number;
  stylesGzipped: number;
}

const gz = (body: Uint8Array) => gzipSync(body, { level: 9 }).length;

async function fetchAsset(url: string): Promise<{ asset: Asset; text: string }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  return { asset: { url, bytes: body.length, gzipped: gz(body) }, text: new TextDecoder().decode(body) };
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*["']?([^"'\\s>]+)`, "i").exec(tag)?.[1];

/** Module specifiers a (minified) ES module imports statically or dynamically, relative ones only. */
function imports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+|\/[^"']+)["']/g)) found.add(m[1]!);
  return [...found];
}

/** Reads `path` from `base` and weighs it with everything it loads. */
export async function pageWeight(base: string, path = "/"): Promise<PageWeight> {
  const page = await fetchAsset(base + path);
  const scripts = new Map<string, Asset>();
  const styles = new Map<string, Asset>();
  const queue: string[] = [];
  for (const tag of page.text.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    if (/^<script/i.test(tag)) {
      const src = attr(tag, "src");
      if (src) queue.push(new URL(src, base + path).toString());
    } else if (/rel\s*=\s*["']?(stylesheet|modulepreload)/i.test(tag)) {
      const href = attr(tag, "href");
      if (!href) continue;
      const url = new URL(href, base + path).toString();
      if (/stylesheet/i.test(tag)) styles.set(url, (await fetchAsset(url)).asset);
      else queue.push(url);
    }
  }
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (scripts.has(url)) continue;
    const { asset, text } = await fetchAsset(url);
    scripts.set(url, asset);
    for (const spec of imports(text)) queue.push(new URL(spec, url).toString());
  }
  const sum = (assets: Iterable<Asset>) => [...assets].reduce((n, a) => n + a.gzipped, 0);
  return {
    html: page.asset,
    scripts: [...scripts.values()],
    styles: [...styles.values()],
    scriptsGzipped: sum(scripts.values()),
    stylesGzipped: sum(styles.values()),
  };
}
