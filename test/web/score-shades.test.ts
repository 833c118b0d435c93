/**
 * The board's score shades: each step of ten points has its own shade, and the text over every shade (the score
 * and its ± interval) keeps WCAG's 4.5:1 contrast in the light and the dark scheme, computed here from the colours
 * the stylesheet declares (WCAG 2.2 relative luminance, not the app's code).
 */
import { describe, expect, it } from "vitest";
import { shadeOf } from "../../web/components/board-table";
import { STYLES } from "../../web/styles";

/** The custom properties of the first `:root{…}` block after `from` in the stylesheet. */
function variables(from: number): Map<string, string> {
  const start = STYLES.indexOf(":root{", from);
  const body = STYLES.slice(start + 6, STYLES.indexOf("}", start));
  return new Map([...body.matchAll(/--([\w-]+):([^;]+)/g)].map((m) => [m[1] as string, (m[2] as string).trim()]));
}

const light = variables(0);
const dark = variables(STYLES.indexOf("@media (prefers-color-scheme:dark)"));

function luminance(color: string): number {
  // #abc is #aabbcc.
  const hex = color.length === 4 ? `#${[...color.slice(1)].map((c) => c + c).join("")}` : color;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe("score shades", () => {
  it("steps one shade per ten points, from sh0 under 10 to sh6 from 60 up, none for a missing score", () => {
    expect([0, 9.99, 10, 35.5, 52.08, 59.99, 60, 86.38, 100].map(shadeOf)).toEqual([
      "sh0",
      "sh0",
      "sh1",
      "sh3",
      "sh5",
      "sh5",
      "sh6",
      "sh6",
      "sh6",
    ]);
    expect(shadeOf(-1)).toBe("sh0");
    expect(shadeOf(null)).toBeUndefined();
    expect(shadeOf(Number.NaN)).toBeUndefined();
  });

  for (const [scheme, vars] of [
    ["light", light],
    ["dark", dark],
  ] as const) {
    it(`keeps the score and its interval at 4.5:1 or more over every shade, ${scheme}`, () => {
      for (let i = 0; i <= 6; i++) {
        const shade = vars.get(`sh${i}`) as string;
        expect(shade, `${scheme} sh${i}`).toMatch(/^#[0-9a-f]{6}$/);
        for (const text of ["fg", "ci"]) {
          const ratio = contrast(vars.get(text) as string, shade);
          expect(ratio, `${scheme} --${text} on --sh${i}`).toBeGreaterThanOrEqual(4.5);
        }
      }
      // The ± interval and rank range also sit on plain, zebra and pinned rows.
      for (const row of ["bg", "row", "pin"]) {
        expect(
          contrast(vars.get("ci") as string, vars.get(row) as string),
          `${scheme} --ci on --${row}`,
        ).toBeGreaterThan(4.5);
      }
    });

    it(`orders the shades from the lightest step to the strongest, ${scheme}`, () => {
      const steps = Array.from({ length: 7 }, (_, i) =>
        contrast(vars.get(`sh${i}`) as string, vars.get("bg") as string),
      );
      for (let i = 1; i < steps.length; i++)
        expect(steps[i], `${scheme} sh${i}`).toBeGreaterThan(steps[i - 1] as number);
    });
  }
});
