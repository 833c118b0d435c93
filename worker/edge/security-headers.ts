/**
 * Security headers on every answer the Worker makes. Pages get a strict Content-Security-Policy: scripts only
 * from our own origin (islands are external hashed modules, never inline), the one inline stylesheet allowed by
 * its sha256 and nothing else inline except style attributes (bar widths), no framing, no <base>, forms only to
 * us. Other answers (JSON, CSV, Atom) get a policy that allows nothing, so a browser that is tricked into
 * rendering one runs nothing. An answer that already carries a policy (badges) keeps it. A 304 carries none: its
 * headers replace those the browser stored with the page, and a 304 has no content type to choose a policy by, so
 * any policy sent with it would be the wrong one for a page (it blocked the island on a second visit).
 */
import { createMiddleware } from "hono/factory";
import { STYLES } from "../../web/styles";
import { sha256Base64 } from "../domain/encoding";
import type { AppEnv } from "./context";

/** Two years, the HSTS preload list's minimum; no `preload`, which is a commitment for the whole domain. */
const HSTS = "max-age=63072000; includeSubDomains";

const COMMON: Record<string, string> = {
  "Strict-Transport-Security": HSTS,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

const NON_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

let pagePolicy: Promise<string> | undefined;

/** The page policy, built once per isolate: STYLES is a constant, so its hash is too. */
export function pageContentSecurityPolicy(): Promise<string> {
  pagePolicy ??= sha256Base64(STYLES).then((hash) =>
    [
      "default-src 'self'",
      "script-src 'self'",
      `style-src 'self' 'sha256-${hash}'`,
      // Style attributes cannot run script; the hash above keeps <style> elements other than ours out.
      "style-src-attr 'unsafe-inline'",
      "img-src 'self' data:",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join("; "),
  );
  return pagePolicy;
}

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const isHtml = (c.res.headers.get("content-type") ?? "").startsWith("text/html");
  const headers: Record<string, string> = { ...COMMON };
  if (c.res.status !== 304 && !c.res.headers.has("content-security-policy")) {
    headers["Content-Security-Policy"] = isHtml ? await pageContentSecurityPolicy() : NON_HTML_POLICY;
  }
  try {
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  } catch {
    // A response passed through from fetch() or the Cache API has immutable headers: copy it first.
    const res = new Response(c.res.body, c.res);
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    c.res = res;
  }
});
