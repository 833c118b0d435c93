/**
 * Badge colours as shields' badge-maker takes them for `color`, `labelColor` and `logoColor`: its named colours
 * and their aliases, hex with or without `#`, and every CSS colour its parser (css-color-converter) reads:
 * keywords, #rgb[a] / #rrggbb[aa], rgb()/rgba() (comma or space syntax, integers or integer percentages) and
 * hsl()/hsla() (comma syntax). Anything else is not a colour, so the route can refuse it.
 */

/** shields' named colours (badge-maker 6's palette). */
export const NAMED_COLORS = {
  brightgreen: "#4b0",
  green: "#67ac09",
  yellow: "#d8b800",
  yellowgreen: "#95991a",
  orange: "#ea7233",
  red: "#dd4343",
  blue: "#007ec6",
  grey: "#555",
  lightgrey: "#939393",
} as const;
export type NamedColor = keyof typeof NAMED_COLORS;

const ALIASES: ReadonlyMap<string, NamedColor> = new Map([
  ["gray", "grey"],
  ["lightgray", "lightgrey"],
  ["critical", "red"],
  ["important", "orange"],
  ["success", "brightgreen"],
  ["informational", "blue"],
  ["inactive", "lightgrey"],
]);

/** The 148 CSS Color 4 keywords and their sRGB values, as css-color-converter knows them (color-name 1.1.4). */
const KEYWORDS: ReadonlyMap<string, string> = new Map(
  (
    "aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc bisque:ffe4c4 " +
    "black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a burlywood:deb887 " +
    "cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50 cornflowerblue:6495ed cornsilk:fff8dc " +
    "crimson:dc143c cyan:00ffff darkblue:00008b darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9 " +
    "darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 " +
    "darkorchid:9932cc darkred:8b0000 darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b " +
    "darkslategray:2f4f4f darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 " +
    "deepskyblue:00bfff dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222 floralwhite:fffaf0 " +
    "forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff gold:ffd700 goldenrod:daa520 " +
    "gray:808080 green:008000 greenyellow:adff2f grey:808080 honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c " +
    "indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa lavenderblush:fff0f5 lawngreen:7cfc00 " +
    "lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff lightgoldenrodyellow:fafad2 " +
    "lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1 lightsalmon:ffa07a lightseagreen:20b2aa " +
    "lightskyblue:87cefa lightslategray:778899 lightslategrey:778899 lightsteelblue:b0c4de lightyellow:ffffe0 " +
    "lime:00ff00 limegreen:32cd32 linen:faf0e6 magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa " +
    "mediumblue:0000cd mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371 mediumslateblue:7b68ee " +
    "mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585 midnightblue:191970 mintcream:f5fffa " +
    "mistyrose:ffe4e1 moccasin:ffe4b5 navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 " +
    "orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98 paleturquoise:afeeee " +
    "palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9 peru:cd853f pink:ffc0cb plum:dda0dd " +
    "powderblue:b0e0e6 purple:800080 rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1 " +
    "saddlebrown:8b4513 salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d " +
    "silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa " +
    "springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 tomato:ff6347 turquoise:40e0d0 " +
    "violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32"
  )
    .split(" ")
    .map((entry) => entry.split(":") as [string, string]),
);

const HEX = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})?$/;
const SHORT_HEX = /^#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])?$/;
const RGB = [
  /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)(?:\s*,\s*(0|1|0?\.\d+|\d+%))?\s*\)$/,
  /^rgba?\(\s*(\d+%)\s*,\s*(\d+%)\s*,\s*(\d+%)(?:\s*,\s*(0|1|0?\.\d+|\d+%))?\s*\)$/,
  /^rgba?\(\s*(\d+)\s+(\d+)\s+(\d+)(?:\s*\/\s*(0|1|0?\.\d+|\d+%))?\s*\)$/,
  /^rgba?\(\s*(\d+%)\s+(\d+%)\s+(\d+%)(?:\s*\/\s*(0|1|0?\.\d+|\d+%))?\s*\)$/,
];
const HSL = /^hsla?\(\s*(\d+)(deg|rad|grad|turn)?\s*,\s*(\d+)%\s*,\s*(\d+)%(?:\s*,\s*(0|1|0?\.\d+|\d+%))?\s*\)$/;
const DEGREES_PER: Record<string, number> = { deg: 1, grad: 0.9, rad: 180 / Math.PI, turn: 360 };

/** A channel as css-color-converter stores it: parseInt of the number's text, clamped to 0–255. */
const channel = (value: number) => Math.max(Math.min(Number.parseInt(String(value), 10), 255), 0);

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const h = hue / 60;
  const s = saturation / 100;
  const l = lightness / 100;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

/** The red, green and blue channels of a CSS colour exactly as css-color-converter reads it, or null. */
export function cssRgb(color: string): [number, number, number] | null {
  const keyword = KEYWORDS.get(color);
  const hex = keyword ? HEX.exec(`#${keyword}`) : (HEX.exec(color) ?? SHORT_HEX.exec(color));
  if (hex) {
    const [r, g, b] = [hex[1], hex[2], hex[3]].map((d = "") => Number.parseInt(d.length < 2 ? d + d : d, 16));
    return [channel(r ?? 0), channel(g ?? 0), channel(b ?? 0)];
  }
  for (const pattern of RGB) {
    const match = pattern.exec(color);
    if (!match) continue;
    const [r, g, b] = [match[1], match[2], match[3]].map((v = "") =>
      v.includes("%") ? (Number.parseInt(v, 10) * 255) / 100 : Number.parseInt(v, 10),
    );
    return [channel(r ?? 0), channel(g ?? 0), channel(b ?? 0)];
  }
  const hsl = HSL.exec(color);
  if (hsl) {
    const degrees = Math.round((DEGREES_PER[hsl[2] ?? "deg"] ?? 1) * Number.parseFloat(hsl[1] ?? "") * 1e5) / 1e5;
    const [r, g, b] = hslToRgb(degrees, Number.parseFloat(hsl[3] ?? ""), Number.parseFloat(hsl[4] ?? ""));
    return [channel(r), channel(g), channel(b)];
  }
  return null;
}

/**
 * A colour parameter in the form shields keeps it (a named colour, `#` + lowercase hex, or the lowercased CSS
 * colour), or undefined when shields would not take it.
 */
export function normalizeColor(input: string): string | undefined {
  if (Object.hasOwn(NAMED_COLORS, input)) return input;
  const alias = ALIASES.get(input);
  if (alias) return alias;
  if (/^([\da-f]{3}){1,2}$/i.test(input)) return `#${input.toLowerCase()}`;
  if (cssRgb(input.trim())) return input.toLowerCase();
  return undefined;
}

/** The fill a colour parameter draws with (a named colour becomes its palette hex), or undefined. */
export function svgColor(input: string): string | undefined {
  const normalized = normalizeColor(input);
  if (normalized === undefined) return undefined;
  return Object.hasOwn(NAMED_COLORS, normalized) ? NAMED_COLORS[normalized as NamedColor] : normalized;
}

/** badge-maker's brightness of an SVG fill (YIQ luma, 0–1, two decimals); 0 when it cannot read the colour. */
export function brightness(color: string): number {
  const rgb = cssRgb(color);
  if (!rgb) return 0;
  const [r, g, b] = rgb;
  return Number(((r * 299 + g * 587 + b * 114) / 255000).toFixed(2));
}
