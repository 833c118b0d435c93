import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../support/demo";

beforeAll(async () => {
  await seedDemo();
});

function rows(html: string): string[] {
  const body = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
  return body.split("<tr").slice(1);
}

describe("GET /", () => {
  it("renders the first 100 ranked rows as HTML, leader first, with no script", async () => {
    const res = await SELF.fetch("https://podium.test/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    const trs = rows(html);
    expect(trs).toHaveLength(100);
    expect(trs[0]).toContain(">MaziyarPanahi/calme-3.2-instruct-78b</a>");
    expect(trs[0]).toContain('href="https://huggingface.co/MaziyarPanahi/calme-3.2-instruct-78b"');
    expect(trs[0]).toContain("<td class=\"average\">52.08</td>");
    expect(html).not.toContain("<script");
    expect(html).toContain('href="/?offset=100"');
  });

  it("shows the next rows from the pager link", async () => {
    const html = await (await SELF.fetch("https://podium.test/?offset=100")).text();
    const trs = rows(html);
    expect(trs[0]).toMatch(/^><td>101<\/td>/);
    expect(html).toContain('href="/"');
  });

  it("answers a bad page parameter with a 400", async () => {
    const res = await SELF.fetch("https://podium.test/?offset=abc");
    expect(res.status).toBe(400);
  });
});
