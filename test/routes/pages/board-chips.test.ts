/**
 * The board's compact bar as served: every filter but the search sits in one "Filters" `<details>` inside the GET
 * form, each active filter is a chip linking to the same view without it, and no type mark or column title is an
 * emoji (they would be empty boxes where no colour-emoji font is installed).
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../support/demo";

beforeAll(async () => {
  await seedDemo();
});

const page = async (path: string) => (await SELF.fetch(`https://podium.test${path}`)).text();

/** The chips' links and labels, in order. */
function chips(html: string): Array<{ href: string; label: string }> {
  const list = /<ul class="active-filters"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<a href="([^"]*)"><span class="visually-hidden">Remove filter <\/span>(.*?) <span/g)].map(
    (m) => ({ href: (m[1] as string).replaceAll("&amp;", "&"), label: m[2] as string }),
  );
}

describe("the board's filter bar", () => {
  it("puts every control but the search and Apply inside one closed Filters disclosure of the GET form", async () => {
    const html = await page("/");
    const form = /<form class="controls" method="get" action="\/"[^>]*>(.*?)<\/form>/s.exec(html)?.[1] as string;
    expect(form).toBeDefined();
    const details = /<details class="filters"><summary>Filters<\/summary>(.*)<\/details>/s.exec(form)?.[1] as string;
    expect(details).toBeDefined();
    for (const name of ["as_of", "types", "precision", "params", "hide", "official", "scores", "rank", "benchmarks"]) {
      expect(details, name).toContain(`name="${name}"`);
    }
    const outside = form.replace(details, "");
    expect(outside).toContain('name="search"');
    expect(outside).toMatch(/<button type="submit" class="apply">Apply<\/button>/);
    // No filter is active on the default view: no chips.
    expect(html).not.toContain('class="active-filters"');
  });

  it("shows each active filter as a chip whose link drops that one parameter", async () => {
    const html = await page("/?search=qwen&types=chat,merge&precision=bfloat16&params=7,65&hide=merged&rank=dynamic");
    expect(chips(html)).toEqual([
      { href: "/?types=chat%2Cmerge&precision=bfloat16&params=7%2C65&hide=merged&rank=dynamic", label: "“qwen”" },
      {
        href: "/?search=qwen&types=merge&precision=bfloat16&params=7%2C65&hide=merged&rank=dynamic",
        label: "chat (RLHF, DPO, IFT)",
      },
      {
        href: "/?search=qwen&types=chat&precision=bfloat16&params=7%2C65&hide=merged&rank=dynamic",
        label: "merge / MoErge",
      },
      { href: "/?search=qwen&types=chat%2Cmerge&params=7%2C65&hide=merged&rank=dynamic", label: "bfloat16" },
      { href: "/?search=qwen&types=chat%2Cmerge&precision=bfloat16&hide=merged&rank=dynamic", label: "7–65B" },
      { href: "/?search=qwen&types=chat%2Cmerge&precision=bfloat16&params=7%2C65&rank=dynamic", label: "no merges" },
      {
        href: "/?search=qwen&types=chat%2Cmerge&precision=bfloat16&params=7%2C65&hide=merged",
        label: "ranked within filter",
      },
    ]);
  });

  it("starts a chip's view at its first page", async () => {
    const html = await page("/?as_of=2024-09-01&official=true&offset=100");
    expect(chips(html)).toEqual([
      { href: "/?official=true", label: "as of 2024-09-01" },
      { href: "/?as_of=2024-09-01", label: "official providers" },
    ]);
  });

  it("draws no emoji on the board: type marks are CSS shapes and every column title is text", async () => {
    const every =
      "type,co2,likes,architecture,precision,weight_type,params,license,chat_template,upload_date,submission_date,generation,base_model,available,official,merged,moe,flagged";
    const html = await page(`/?columns=${encodeURIComponent(every)}`);
    const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
    // Model names are data and may hold anything; the page's own words and marks may not.
    const ours = main.replace(/<td class="model">.*?<\/td>/gs, "").replace(/ (?:title|aria-label|href)="[^"]*"/g, "");
    expect(ours.match(/\p{Extended_Pictographic}/gu) ?? []).toEqual([]);
    expect(main).toContain('<i class="ti ti-chat" aria-hidden="true"></i>');
    expect(main).toMatch(/<i class="ti ti-chat" aria-hidden="true"><\/i> chat \(RLHF, DPO, IFT\)<\/label>/);
  });
});
