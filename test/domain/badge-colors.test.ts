import { makeBadge } from "badge-maker";
import { describe, expect, it } from "vitest";
import { brightness, cssRgb, normalizeColor, svgColor } from "../../worker/domain/badge-colors";
import { BADGE_LOGOS, LOGOS, logoFill } from "../../worker/domain/badge-logos";
import { badgeGeometry } from "../support/svg";

describe("colour parameters", () => {
  it("keeps named colours and aliases by name, and draws them in badge-maker 6's palette", () => {
    expect(normalizeColor("brightgreen")).toBe("brightgreen");
    expect(normalizeColor("gray")).toBe("grey");
    expect(normalizeColor("success")).toBe("brightgreen");
    expect(normalizeColor("critical")).toBe("red");
    expect(svgColor("green")).toBe("#67ac09");
    expect(svgColor("informational")).toBe("#007ec6");
    expect(svgColor("inactive")).toBe("#939393");
  });

  it("takes hex with or without # (lowercased) and CSS colours as written", () => {
    expect(normalizeColor("ABC")).toBe("#abc");
    expect(normalizeColor("aabbcc")).toBe("#aabbcc");
    expect(normalizeColor("#AABBCC")).toBe("#aabbcc");
    expect(normalizeColor("#abcd")).toBe("#abcd");
    expect(normalizeColor("rgb(0 255 0)")).toBe("rgb(0 255 0)");
    expect(normalizeColor("hsla(210, 50%, 90%, .5)")).toBe("hsla(210, 50%, 90%, .5)");
    expect(normalizeColor("rebeccapurple")).toBe("rebeccapurple");
  });

  // What badge-maker would not use either: it then falls back to its default message colour, #4b0.
  const REFUSED = [
    "",
    " ",
    "Red",
    "BLUE",
    "RGB(1, 2, 3)",
    "abcd",
    "#ggg",
    "#12345",
    "rgb(1.5, 2, 3)",
    "rgb(1, 2)",
    "hsl(120 100% 50%)",
    "hsl(120, 100, 50)",
    "url(#s)",
    "red;stroke:blue",
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "notacolor",
  ];

  it.each(REFUSED)("refuses %j, which badge-maker ignores too", (input) => {
    expect(normalizeColor(input)).toBeUndefined();
    expect(svgColor(input)).toBeUndefined();
    const drawn = badgeGeometry(makeBadge({ label: "a", message: "b", color: input })).rects.at(-1)?.fill;
    expect(drawn).toBe("#4b0");
  });

  it("refuses names that only exist on Object.prototype", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(normalizeColor(name)).toBeUndefined();
    }
  });

  it("reads channels as css-color-converter does: clamped, percentages scaled, hue in any unit", () => {
    expect(cssRgb("rgb(300, 0, 20)")).toEqual([255, 0, 20]);
    expect(cssRgb("rgb(100% 0% 50% / 50%)")).toEqual([255, 0, 127]);
    expect(cssRgb("#abcd")).toEqual([170, 187, 204]);
    expect(cssRgb("hsl(120, 100%, 25%)")).toEqual([0, 127, 0]);
    expect(cssRgb("hsl(0.5turn, 100%, 50%)")).toBeNull();
    expect(cssRgb("hsl(1turn, 100%, 50%)")).toEqual([255, 0, 0]);
    expect(cssRgb("navy")).toEqual([0, 0, 128]);
    expect(cssRgb("nope")).toBeNull();
  });

  it("computes badge-maker's brightness", () => {
    expect(brightness("#4b0")).toBe(0.51);
    expect(brightness("white")).toBe(1);
    expect(brightness("black")).toBe(0);
    expect(brightness("hsl(120, 100%, 25%)")).toBe(0.29);
    expect(brightness("not a colour")).toBe(0);
  });
});

describe("logos", () => {
  it("are drawn in the brand colour, or whitesmoke when it is dark, as shields picks", () => {
    expect(logoFill("huggingface")).toBe("#FFD21E");
    expect(logoFill("github")).toBe("whitesmoke");
    expect(logoFill("arxiv")).toBe("whitesmoke");
    expect(logoFill("github", "informational")).toBe("#007ec6");
    expect(logoFill("github", "nope")).toBe("whitesmoke");
  });

  it.each(BADGE_LOGOS)("%s is plain path data on a 24 px grid", (logo) => {
    const { path } = LOGOS[logo];
    expect(path).toMatch(/^[Mm][MmLlHhVvCcSsQqTtAaZz0-9.,\s-]+$/);
    const numbers = path.match(/-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
    expect(numbers.length).toBeGreaterThan(20);
  });
});
