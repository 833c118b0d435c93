import { describe, expect, it } from "vitest";
import {
  BADGE_STYLES,
  badgeLayout,
  renderBadge,
  standingColor,
  textColorsFor,
  type BadgeSpec,
} from "../../worker/domain/badge";
import { preferredWidth, textWidth } from "../../worker/domain/badge-text";
import { brightness } from "../../worker/domain/badge-colors";
import { xmlEscape as escapeXml, xmlSafe } from "../../worker/domain/xml";
import {
  badgeContent,
  defaultLabel,
  SHIELDS_ENDPOINT_KEYS,
  shieldsEndpoint,
  thousands,
} from "../../worker/domain/badge-content";
import { xmlProblems } from "../support/xml";

const flat = (label: string, message: string): BadgeSpec => ({ label, message, color: "blue", style: "flat" });

/** The attributes of the first element named `tag` in `svg`. */
function attributes(svg: string, tag: string): Record<string, string> {
  const match = new RegExp(`<${tag}\\s([^>]*?)/?>`).exec(svg);
  if (!match) throw new Error(`no <${tag}>`);
  return Object.fromEntries([...(match[1] ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

describe("text widths (11px Verdana, as anafanafo measures)", () => {
  it("matches the reference measurements", () => {
    expect(textWidth("m")).toBeCloseTo(10.7, 10);
    // The reference rounds digits slightly differently: "≈ 49.48"; the shared table gives 49.46.
    expect(textWidth("v1.2.511")).toBeCloseTo(49.48, 1);
    expect(textWidth("arena rank")).toBeCloseTo(60.06, 2);
  });

  it("counts control characters as 0 and unknown code points (emoji) as one 'm' per code point", () => {
    expect(textWidth("a\u0007b")).toBeCloseTo(textWidth("ab"), 10);
    expect(textWidth("😀")).toBeCloseTo(10.7, 10);
    expect(textWidth("👩‍💻")).toBeCloseTo(10.7 + textWidth("\u200d") + 10.7, 10);
    expect(textWidth("中文")).toBe(22);
  });

  it("rounds the floored width up to odd", () => {
    expect(preferredWidth("arena rank")).toBe(61);
    expect(preferredWidth("#3")).toBe(15);
    expect(preferredWidth("m")).toBe(11);
    expect(preferredWidth("")).toBe(1);
  });
});

describe("flat layout", () => {
  it('"arena rank | #3" is 96 px wide', () => {
    const layout = badgeLayout(flat("arena rank", "#3"));
    expect(layout).toMatchObject({ width: 96, height: 20, leftWidth: 71, rightWidth: 25 });
    expect(layout.label).toEqual({ content: "arena rank", x: 365, length: 610 });
    expect(layout.message).toEqual({ content: "#3", x: 825, length: 150 });
    const svg = renderBadge(flat("arena rank", "#3"));
    expect(attributes(svg, "svg")).toMatchObject({ width: "96", height: "20" });
  });

  it('"leaderboard | #12 of 240" is 148 px wide', () => {
    expect(badgeLayout(flat("leaderboard", "#12 of 240")).width).toBe(148);
    expect(attributes(renderBadge(flat("leaderboard", "#12 of 240")), "svg").width).toBe("148");
  });

  it("has the heights of each style", () => {
    const heights = BADGE_STYLES.map((style) => badgeLayout({ ...flat("a", "b"), style }).height);
    expect(heights).toEqual([20, 20, 18, 28]);
  });

  it("drops the label part when the label is empty", () => {
    const layout = badgeLayout(flat("", "#3"));
    expect(layout).toMatchObject({ width: 25, leftWidth: 0, label: null });
    expect(layout.message.x).toBe(125);
  });

  it("grows with a very long name and stays well-formed", () => {
    const long = `org/${"very-long-model-name-".repeat(20)}`;
    const layout = badgeLayout(flat("podium rank", long));
    expect(layout.rightWidth).toBe(preferredWidth(long) + 10);
    expect(layout.width).toBeGreaterThan(1500);
    expect(xmlProblems(renderBadge(flat(long, long)))).toEqual([]);
  });
});

describe("for-the-badge layout", () => {
  // Figures from badge-maker 6.0.0's SVG for the same badge (makeBadge({label, message, style})).
  it("uppercases, measures the label in 10px and the message in bold 10px Verdana, with letter spacing", () => {
    const layout = badgeLayout({ ...flat("build", "passing"), style: "for-the-badge" });
    expect(layout).toMatchObject({ width: 145, height: 28, leftWidth: 61.25, rightWidth: 83.75 });
    expect(layout.label).toEqual({ content: "BUILD", x: 306.25, length: 372.5 });
    expect(layout.message).toEqual({ content: "PASSING", x: 1031.25, length: 597.5 });
    expect(badgeLayout({ ...flat("podium rank", "#1 of 4,576"), style: "for-the-badge" }).width).toBe(217.5);
    // The bold message is wider than the same text in the label's regular weight.
    expect(textWidth("PASSING", "bold 10px Verdana")).toBeGreaterThan(textWidth("PASSING", "10px Verdana"));
    const svg = renderBadge({ ...flat("build", "passing"), style: "for-the-badge" });
    expect(svg).toContain('font-size="100"');
    expect(svg).toContain('aria-label="BUILD: PASSING"');
    expect(svg).toMatch(/font-weight="bold">PASSING<\/text>/);
  });
});

describe("logos", () => {
  // Figures from badge-maker 6.0.0's SVG for the same badge with a logo (logoBase64).
  it("takes 14 px and 3 px of padding beside a label, as badge-maker places it", () => {
    const layout = badgeLayout({ ...flat("podium rank", "#1 of 4,576"), logo: "github" });
    expect(layout).toMatchObject({ width: 173, leftWidth: 96, rightWidth: 77 });
    expect(layout.logo).toEqual({ x: 5, y: 3, width: 14, height: 14 });
    expect(layout.label?.x).toBe(575);
    expect(layout.message.x).toBe(1335);
    expect(badgeLayout({ ...flat("podium rank", "#1"), logo: "github", style: "plastic" }).logo?.y).toBe(2);
  });

  it("sits on the message side when there is no label", () => {
    const layout = badgeLayout({ ...flat("", "#1 of 4,576"), logo: "huggingface" });
    expect(layout).toMatchObject({ width: 95, leftWidth: 0, label: null });
    expect(layout.message.x).toBe(565);
  });

  it("is 9 px in with a 6 px gutter on for-the-badge", () => {
    const layout = badgeLayout({ ...flat("podium rank", "#1 of 4,576"), logo: "arxiv", style: "for-the-badge" });
    expect(layout).toMatchObject({ width: 234.5, leftWidth: 127.75 });
    expect(layout.logo).toEqual({ x: 9, y: 7, width: 14, height: 14 });
    expect(layout.label?.x).toBe(723.75);
  });

  it("is drawn inline in shields' colour for it, or in logoColor", () => {
    const svg = renderBadge({ ...flat("podium rank", "#1"), logo: "github" });
    expect(svg).toMatch(
      /<svg x="5" y="3" width="14" height="14" viewBox="0 0 24 24"><path fill="whitesmoke" d="M12 \.297c/,
    );
    expect(svg).not.toMatch(/<image|href=/);
    expect(xmlProblems(svg)).toEqual([]);
    expect(renderBadge({ ...flat("a", "b"), logo: "huggingface" })).toContain('<path fill="#FFD21E"');
    expect(renderBadge({ ...flat("a", "b"), logo: "huggingface", logoColor: "white" })).toContain('<path fill="white"');
  });
});

describe("trimming", () => {
  it("measures and shows label and message without surrounding whitespace, as badge-maker does", () => {
    expect(badgeLayout(flat("  arena rank\t", " #3 "))).toEqual(badgeLayout(flat("arena rank", "#3")));
    const svg = renderBadge(flat("  arena rank ", " #3"));
    expect(attributes(svg, "svg")["aria-label"]).toBe("arena rank: #3");
  });
});

describe("escaping", () => {
  const tricky = [
    ["angle brackets", "<script>alert(1)</script>"],
    ["ampersand", "AT&T/model & co"],
    ["quotes", `"double" and 'single'`],
    ["emoji", "🤗/llama-😀-👩‍💻"],
    ["CJK", "清华大学/中文模型"],
    ["entity lookalike", "&amp; &#x3C; ]]>"],
    ["control characters and lone surrogates", "a\u0000b\u0008c\ud800d\udfff"],
  ];

  it.each(tricky)("renders %s as well-formed XML in every style, text intact", (_, name) => {
    for (const style of BADGE_STYLES) {
      const svg = renderBadge({ label: name, message: name, color: "green", style });
      expect(xmlProblems(svg)).toEqual([]);
      expect(svg).not.toContain("<script");
      const shown = style === "for-the-badge" ? xmlSafe(name).toUpperCase() : xmlSafe(name);
      expect(unescapeXml(attributes(svg, "svg")["aria-label"] ?? "")).toBe(`${shown}: ${shown}`);
      const title = /<title>(.*?)<\/title>/.exec(svg)?.[1] ?? "";
      expect(unescapeXml(title)).toBe(`${shown}: ${shown}`);
    }
  });

  it("measures the text, not its escaped form", () => {
    expect(badgeLayout(flat("a&b", "<")).leftWidth).toBe(preferredWidth("a&b") + 10);
    expect(badgeLayout(flat("a&b", "<")).rightWidth).toBe(preferredWidth("<") + 10);
  });

  it("escapes the five XML specials", () => {
    expect(escapeXml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&apos;");
  });

  it("the checker itself catches broken XML", () => {
    expect(xmlProblems("<svg><title>a & b</title></svg>")).not.toEqual([]);
    expect(xmlProblems('<svg a="1" a="2"/>')).not.toEqual([]);
    expect(xmlProblems("<svg><g></svg>")).not.toEqual([]);
    expect(xmlProblems('<svg x="<"/>')).not.toEqual([]);
    expect(xmlProblems("<svg/><svg/>")).not.toEqual([]);
    expect(xmlProblems('<svg xmlns="http://www.w3.org/2000/svg"><text x="1">&lt;ok&#x263A;</text></svg>')).toEqual([]);
  });
});

describe("every style", () => {
  it.each(BADGE_STYLES)("%s is self-contained, accessible and well-formed", (style) => {
    const svg = renderBadge({ label: "podium rank", message: "#12 of 4,576", color: "green", style });
    expect(xmlProblems(svg)).toEqual([]);
    expect(attributes(svg, "svg")).toMatchObject({ xmlns: "http://www.w3.org/2000/svg", role: "img" });
    expect(svg).not.toMatch(/<script|<image|<foreignObject|href=|@import|url\((?!#)/);
    const shadows = (svg.match(/fill-opacity=".3"/g) ?? []).length;
    expect(shadows).toBe(style === "flat" || style === "plastic" ? 2 : 0);
    if (style === "flat-square" || style === "for-the-badge") expect(svg).toContain('shape-rendering="crispEdges"');
  });

  it("puts the plastic text 10 units higher", () => {
    const svg = renderBadge({ ...flat("a", "b"), style: "plastic" });
    expect(svg).toContain('y="140"');
    expect(svg).toContain('y="130"');
    expect(svg).not.toContain('y="150"');
  });
});

describe("colours", () => {
  it("computes badge-maker's brightness and flips text to #333 above 0.69", () => {
    expect(brightness("#4c1")).toBe(0.56);
    expect(brightness("#fff")).toBe(1);
    expect(textColorsFor("#555").text).toBe("#fff");
    expect(textColorsFor("#dfb317").text).toBe("#fff");
    expect(textColorsFor("#eeeeee")).toEqual({ text: "#333", shadow: "#ccc" });
  });

  it("colours by standing: top 1%, 10%, 50%, rest", () => {
    expect([1, 46, 47, 458, 459, 2288, 2289, 4576].map((r) => standingColor(r, 4576))).toEqual([
      "brightgreen",
      "brightgreen",
      "green",
      "green",
      "yellow",
      "yellow",
      "orange",
      "orange",
    ]);
    expect(standingColor(1, 1)).toBe("brightgreen");
    expect(standingColor(1, 0)).toBe("lightgrey");
  });
});

describe("badge content", () => {
  it("reads a rank like #12 of 4,576 and a score with two decimals", () => {
    expect(badgeContent("rank", { rank: 120, total: 4576, value: 40 })).toEqual({
      label: "podium rank",
      message: "#120 of 4,576",
      color: "green",
    });
    expect(badgeContent("math", { rank: 3000, total: 4576, value: 47.978 })).toEqual({
      label: "podium MATH Lvl 5",
      message: "47.98",
      color: "orange",
    });
    expect(badgeContent("average", { rank: 1, total: 4576, value: 52.08 }, "mine").label).toBe("mine");
    expect(defaultLabel("mmlu_pro")).toBe("podium MMLU-PRO");
    expect(thousands(1234567)).toBe("1,234,567");
  });

  it("says not ranked, in grey, without a standing", () => {
    expect(badgeContent("rank", null)).toEqual({ label: "podium rank", message: "not ranked", color: "lightgrey" });
    // A model whose only runs await a reproduction says so; a flag is said after whatever the message is.
    expect(badgeContent("rank", null, undefined, true)).toEqual({
      label: "podium rank",
      message: "provisional",
      color: "lightgrey",
    });
    expect(badgeContent("rank", null, undefined, true, true).message).toBe("provisional · flagged");
    expect(badgeContent("math", { rank: 3000, total: 4576, value: 47.978 }, undefined, false, true).message).toBe(
      "47.98 · flagged",
    );
    expect(badgeContent("bbh", { rank: 1, total: 3, value: null }).message).toBe("not ranked");
  });
});

describe("shields endpoint JSON", () => {
  /** The shields endpoint schema: required keys, their types, and no key outside the accepted list. */
  function validate(doc: Record<string, unknown>): string[] {
    const problems: string[] = [];
    for (const key of Object.keys(doc)) {
      if (!(SHIELDS_ENDPOINT_KEYS as readonly string[]).includes(key)) problems.push(`unknown key ${key}`);
    }
    if (doc.schemaVersion !== 1) problems.push("schemaVersion must be 1");
    if (typeof doc.label !== "string") problems.push("label must be a string");
    if (typeof doc.message !== "string" || doc.message === "") problems.push("message must be a non-empty string");
    for (const key of ["color", "labelColor", "style"]) {
      if (key in doc && typeof doc[key] !== "string") problems.push(`${key} must be a string`);
    }
    if ("isError" in doc && typeof doc.isError !== "boolean") problems.push("isError must be a boolean");
    if ("cacheSeconds" in doc && !(Number.isInteger(doc.cacheSeconds) && (doc.cacheSeconds as number) >= 0)) {
      problems.push("cacheSeconds must be a non-negative integer");
    }
    return problems;
  }

  it("validates against shields' key list, with and without isError", () => {
    const spec: BadgeSpec = { label: "podium rank", message: "#3 of 4,576", color: "brightgreen", style: "plastic" };
    const doc = shieldsEndpoint(spec, 300);
    expect(validate({ ...doc })).toEqual([]);
    expect(doc).toEqual({ schemaVersion: 1, ...spec, cacheSeconds: 300 });
    expect(validate({ ...shieldsEndpoint({ ...spec, color: "red" }, 60, true) })).toEqual([]);
    expect(shieldsEndpoint(spec, 60).cacheSeconds).toBe(300);
    expect(validate({ ...doc, rank: 3 })).toEqual(["unknown key rank"]);
  });
});
