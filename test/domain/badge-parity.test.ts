/**
 * Our badges side by side with shields' own renderer, badge-maker: for a few hundred real model names, ranks,
 * scores, Unicode and long labels, in all four styles, with and without a logo and colours, both SVGs are parsed
 * and must draw the same thing: the same size, background rectangles (position, width, fill), text runs
 * (content, x, y, textLength, fill, weight), logo box and accessible text.
 */
import { makeBadge } from "badge-maker";
import { csvParse } from "d3-dsv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import csv from "../../data/open-llm-leaderboard-v2-final.csv?raw";
import { BADGE_STYLES, renderBadge, type BadgeSpec, type BadgeStyle } from "../../worker/domain/badge";
import { BADGE_METRICS, defaultLabel, thousands } from "../../worker/domain/badge-content";
import { BADGE_LOGOS, type BadgeLogo } from "../../worker/domain/badge-logos";
import { badgeGeometry, type BadgeGeometry } from "../support/svg";

/** badge-maker draws any data URL as the logo; its geometry does not depend on the picture. */
const LOGO_DATA_URL = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=";

interface Case {
  label: string;
  message: string;
  style: BadgeStyle;
  color?: string;
  labelColor?: string;
  logo?: BadgeLogo;
}

function ours(c: Case): BadgeGeometry {
  const spec: BadgeSpec = {
    label: c.label,
    message: c.message,
    color: c.color ?? "brightgreen",
    style: c.style,
    ...(c.labelColor !== undefined ? { labelColor: c.labelColor } : {}),
    ...(c.logo !== undefined ? { logo: c.logo } : {}),
  };
  return badgeGeometry(renderBadge(spec));
}

function theirs(c: Case): BadgeGeometry {
  return badgeGeometry(
    makeBadge({
      label: c.label,
      message: c.message,
      color: c.color ?? "brightgreen",
      style: c.style,
      ...(c.labelColor !== undefined ? { labelColor: c.labelColor } : {}),
      ...(c.logo !== undefined ? { logoBase64: LOGO_DATA_URL } : {}),
    }),
  );
}

const rows = csvParse(csv);
const names = rows.map((r) => r.model_name ?? "").filter(Boolean);
const sample = <T>(items: T[], count: number) =>
  Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
const longest = [...names].sort((a, b) => b.length - a.length).slice(0, 10);
const scores = sample(rows, 40).flatMap((r) => [
  Number(r.model_average_score),
  Number(r.evaluations_math_normalized_score),
]);

const MODEL_NAMES = [...sample(names, 200), ...longest];
const RANKS = [1, 2, 7, 46, 47, 120, 458, 999, 1000, 2289, 4575, 4576].map((r) => `#${thousands(r)} of 4,576`);
const SCORES = scores.filter(Number.isFinite).map((s) => s.toFixed(2));
const UNICODE = [
  "Ünïcödé façade",
  "straße",
  "Ελληνικό μοντέλο",
  "Русская модель",
  "Mô hình tiếng Việt",
  "清华大学/中文模型",
  "日本語のモデル カタカナ",
  "ｆｕｌｌｗｉｄｔｈ　ＡＢＣ",
  "€ ₹ ™ № → ⇒ … – —",
  "🤗/llama-😀-👩‍💻",
  "ǅemal ŉ ǰ",
];
const EDGES = ["", " ", "  padded label  ", "x", "m".repeat(64), `org/${"very-long-model-name-".repeat(12)}`];
const LABELS = [...BADGE_METRICS.map(defaultLabel), "arena rank", "Podium", "leaderboard"];
const TEXTS = [...MODEL_NAMES, ...RANKS, ...SCORES, ...UNICODE, ...EDGES];

describe("the corpus", () => {
  it("holds a few hundred texts: real names, ranks, scores, Unicode and long names", () => {
    expect(TEXTS.length).toBeGreaterThan(300);
    expect(MODEL_NAMES).toContain(names[0]);
    expect(longest[0]?.length).toBeGreaterThan(60);
    expect(SCORES.length).toBe(80);
  });
});

describe.each(BADGE_STYLES)("%s badges match badge-maker", (style) => {
  it("with each text as the message under a default label", () => {
    for (const message of TEXTS) {
      const c: Case = { label: "podium rank", message: message || "not ranked", style };
      expect(ours(c), JSON.stringify(c)).toEqual(theirs(c));
    }
  });

  it("with each text as the label over a rank", () => {
    for (const label of TEXTS) {
      const c: Case = { label, message: "#12 of 4,576", style };
      expect(ours(c), JSON.stringify(c)).toEqual(theirs(c));
    }
  });

  it("with a logo, a label colour and an empty label, alone and together", () => {
    for (const label of [...LABELS, ...UNICODE.slice(0, 4), ""]) {
      for (const logo of [undefined, ...BADGE_LOGOS]) {
        for (const labelColor of [undefined, "informational", "#fafafa"]) {
          const c: Case = {
            label,
            message: "52.08",
            style,
            ...(logo ? { logo } : {}),
            ...(labelColor ? { labelColor } : {}),
          };
          expect(ours(c), JSON.stringify(c)).toEqual(theirs(c));
        }
      }
    }
  });
});

describe("colours match badge-maker's fills and text contrast", () => {
  const NAMED = ["brightgreen", "green", "yellowgreen", "yellow", "orange", "red", "blue", "grey", "lightgrey"];
  const ALIASES = ["gray", "lightgray", "success", "important", "critical", "informational", "inactive"];
  const KEYWORDS = ["white", "black", "aqua", "fuchsia", "lightslategray", "rebeccapurple", "gold", "navy", "pink"];
  const HEX = ["abc", "ABC", "aabbcc", "#abc", "#AABBCC", "#abcd", "#aabbccdd", "fff", "000", "ff69b4", "9cf"];
  const FUNCTIONS = [
    "rgb(0, 255, 0)",
    "rgba(0,0,0,0.5)",
    "rgb(0 255 0)",
    "rgb(100% 0% 50% / 50%)",
    "rgb(300, 0, 20)",
    "hsl(120, 100%, 25%)",
    "hsla(210, 50%, 90%, .5)",
    "hsl(1turn, 40%, 80%)",
    "hsl(3rad, 60%, 50%)",
    "hsl(200grad, 60%, 50%)",
    "hsl(725, 100%, 50%)",
  ];

  it.each([...NAMED, ...ALIASES, ...KEYWORDS, ...HEX, ...FUNCTIONS])("%s", (color) => {
    for (const style of BADGE_STYLES) {
      const c: Case = { label: "podium rank", message: "#1 of 4,576", style, color, labelColor: color };
      expect(ours(c)).toEqual(theirs(c));
    }
  });

  it("every CSS keyword badge-maker takes", () => {
    // A broader sweep: the colour of each keyword decides the text colour through its brightness.
    const keywords = (
      "aliceblue antiquewhite aquamarine azure beige bisque blanchedalmond blueviolet brown burlywood cadetblue " +
      "chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray " +
      "darkkhaki darkorange darkorchid darksalmon darkseagreen darkturquoise deeppink deepskyblue dodgerblue " +
      "firebrick floralwhite forestgreen gainsboro ghostwhite goldenrod greenyellow honeydew hotpink indianred " +
      "ivory khaki lavender lawngreen lemonchiffon lightblue lightcoral lightgreen lightpink lightsalmon " +
      "lightseagreen lightskyblue lime limegreen magenta mediumaquamarine mediumpurple mintcream moccasin " +
      "olive orangered orchid palegoldenrod palegreen peachpuff peru plum powderblue purple salmon sandybrown " +
      "seashell sienna silver skyblue springgreen steelblue tan teal thistle tomato turquoise violet wheat " +
      "whitesmoke"
    ).split(" ");
    for (const color of keywords) {
      const c: Case = { label: "podium", message: "#3", style: "flat", color, labelColor: color };
      expect(ours(c), color).toEqual(theirs(c));
    }
  });
});

describe("fuzzed labels and messages", () => {
  // Characters from every block the width tables keep, emoji (which neither table has) and spaces.
  const alphabet = fc.constantFrom(...Array.from("aZ09 -_./#%&<>\"'@ßÆøŁžƒΩλЖщỳ€₿™←⇔…—「あア中文ｗＷ🤗😀👩\u200d"));
  const text = fc.array(alphabet, { maxLength: 30 }).map((chars) => chars.join(""));

  it("draw what badge-maker draws, in every style, with any logo and label colour", () => {
    fc.assert(
      fc.property(
        text,
        text.filter((m) => m.trim().length > 0),
        fc.constantFrom(...BADGE_STYLES),
        fc.option(fc.constantFrom(...BADGE_LOGOS), { nil: undefined }),
        fc.option(fc.constantFrom("blue", "#eee", "rgb(10, 20, 30)"), { nil: undefined }),
        (label, message, style, logo, labelColor) => {
          const c: Case = {
            label,
            message,
            style,
            ...(logo ? { logo } : {}),
            ...(labelColor ? { labelColor } : {}),
          };
          expect(ours(c)).toEqual(theirs(c));
        },
      ),
      { numRuns: 400 },
    );
  });
});
