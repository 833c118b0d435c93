/**
 * Badge layout and SVG rendering with shields.io badge-maker's geometry, so a Podium badge sits pixel-aligned
 * next to every other badge in a README: 11px Verdana widths, widths rounded up to odd, 5 px padding, text drawn
 * at font-size 110 under scale(.1) with textLength, shadows on flat and plastic, auto-contrast text.
 * See ../shared/reference/badges.md.
 */
import { VERDANA_11PX_RANGES } from "./verdana-widths";
import { xmlEscape as escapeXml, xmlSafe } from "./xml";

export const BADGE_STYLES = ["flat", "flat-square", "plastic", "for-the-badge"] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

/** shields' named colours, the only colours Podium badges use. */
export const NAMED_COLORS = {
  brightgreen: "#4c1",
  green: "#97ca00",
  yellowgreen: "#a4a61d",
  yellow: "#dfb317",
  orange: "#fe7d37",
  red: "#e05d44",
  blue: "#007ec6",
  grey: "#555",
  lightgrey: "#9f9f9f",
} as const;
export type NamedColor = keyof typeof NAMED_COLORS;

export interface BadgeSpec {
  label: string;
  message: string;
  color: NamedColor;
  labelColor?: NamedColor;
  style: BadgeStyle;
}

const FONT_FAMILY = "Verdana,Geneva,DejaVu Sans,sans-serif";
const HORIZONTAL_PADDING = 5;
const BRIGHTNESS_THRESHOLD = 0.69;
const M_WIDTH = 10.7;

const starts: number[] = [];
const ends: number[] = [];
const widths: number[] = [];
for (let i = 0; i < VERDANA_11PX_RANGES.length; i += 3) {
  starts.push(VERDANA_11PX_RANGES[i] ?? 0);
  ends.push(VERDANA_11PX_RANGES[i + 1] ?? 0);
  widths.push(VERDANA_11PX_RANGES[i + 2] ?? 0);
}

function glyphWidth(codePoint: number): number {
  if (codePoint <= 31 || codePoint === 127) return 0;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) > codePoint) hi = mid - 1;
    else if ((ends[mid] ?? 0) < codePoint) lo = mid + 1;
    else return widths[mid] ?? M_WIDTH;
  }
  return M_WIDTH;
}

/**
 * The width of `text` in 11px Verdana, summed per code point as shields' anafanafo does: control characters
 * count 0, a code point outside the bundled blocks counts as "m" (10.7).
 */
export function textWidth(text: string): number {
  let total = 0;
  for (const char of text) total += glyphWidth(char.codePointAt(0) ?? 0);
  return total;
}

/** badge-maker's preferred width: the floor of the measured width, rounded up to an odd number of pixels. */
export function preferredWidth(text: string): number {
  const floored = Math.floor(textWidth(text));
  return floored % 2 === 0 ? floored + 1 : floored;
}

export { escapeXml, xmlSafe };

/** badge-maker's brightness of a #rgb / #rrggbb colour (YIQ luma, 0–1, two decimals). */
export function brightness(hex: string): number {
  const digits = hex.replace(/^#/, "");
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits;
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16));
  if (r === undefined || g === undefined || b === undefined || [r, g, b].some(Number.isNaN)) return 0;
  return Number(((r * 299 + g * 587 + b * 114) / 255000).toFixed(2));
}

/** Text and shadow colours readable on `background`: white on dark, #333 on light (above 0.69). */
export function textColorsFor(background: string): { text: string; shadow: string } {
  return brightness(background) <= BRIGHTNESS_THRESHOLD
    ? { text: "#fff", shadow: "#010101" }
    : { text: "#333", shadow: "#ccc" };
}

/** The colour for a standing: top 1% brightgreen, top 10% green, top half yellow, the rest orange. */
export function standingColor(rank: number, total: number): NamedColor {
  if (total <= 0 || rank < 1) return "lightgrey";
  if (rank <= Math.ceil(total * 0.01)) return "brightgreen";
  if (rank <= Math.ceil(total * 0.1)) return "green";
  if (rank <= Math.ceil(total * 0.5)) return "yellow";
  return "orange";
}

/** The numbers that place every element of a badge; `width` × `height` is the SVG's size in CSS pixels. */
export interface BadgeLayout {
  width: number;
  height: number;
  leftWidth: number;
  rightWidth: number;
  label: Text | null;
  message: Text;
}

interface Text {
  content: string;
  /** Centre of the text, in scaled (×10) units. */
  x: number;
  /** textLength, in scaled (×10) units. */
  length: number;
}

const HEIGHTS: Record<BadgeStyle, number> = { flat: 20, "flat-square": 20, plastic: 18, "for-the-badge": 28 };

/** The geometry of a badge, exactly as badge-maker computes it for the style (no logo, no links). */
export function badgeLayout(spec: BadgeSpec): BadgeLayout {
  const label = xmlSafe(spec.label);
  const message = xmlSafe(spec.message);
  if (spec.style === "for-the-badge") return forTheBadgeLayout(label.toUpperCase(), message.toUpperCase());

  const hasLabel = label.length > 0;
  const labelWidth = hasLabel ? preferredWidth(label) : 0;
  const leftWidth = hasLabel ? labelWidth + 2 * HORIZONTAL_PADDING : 0;
  const messageMargin = leftWidth - (message.length ? 1 : 0) + (hasLabel ? 0 : 1);
  const messageWidth = preferredWidth(message);
  const rightWidth = messageWidth + 2 * HORIZONTAL_PADDING;
  const centre = (margin: number, w: number) => 10 * (margin + 0.5 * w + HORIZONTAL_PADDING);
  return {
    width: leftWidth + rightWidth,
    height: HEIGHTS[spec.style],
    leftWidth,
    rightWidth,
    label: hasLabel ? { content: label, x: centre(1, labelWidth), length: 10 * labelWidth } : null,
    message: { content: message, x: centre(messageMargin, messageWidth), length: 10 * messageWidth },
  };
}

/**
 * for-the-badge: uppercase, 10px Verdana, 1.25 px letter spacing per UTF-16 unit, 12 px text margins, widths
 * not rounded. 10px widths are the 11px widths scaled by 10/11. badge-maker measures the (bold) message with
 * bold metrics, which the bundled table does not have; the regular metrics are used for both sides.
 */
function forTheBadgeLayout(label: string, message: string): BadgeLayout {
  const TEXT_MARGIN = 12;
  const LETTER_SPACING = 1.25;
  const measure = (text: string) =>
    text.length ? Math.floor((textWidth(text) * 10) / 11) + LETTER_SPACING * text.length : 0;
  const labelTextWidth = measure(label);
  const messageTextWidth = measure(message);
  const hasLabel = label.length > 0;
  const leftWidth = hasLabel ? TEXT_MARGIN + labelTextWidth + TEXT_MARGIN : 0;
  const messageTextMinX = hasLabel ? leftWidth + TEXT_MARGIN : TEXT_MARGIN;
  const rightWidth = 2 * TEXT_MARGIN + messageTextWidth;
  return {
    width: leftWidth + rightWidth,
    height: HEIGHTS["for-the-badge"],
    leftWidth,
    rightWidth,
    label: hasLabel
      ? { content: label, x: 10 * (TEXT_MARGIN + 0.5 * labelTextWidth), length: 10 * labelTextWidth }
      : null,
    message: { content: message, x: 10 * (messageTextMinX + 0.5 * messageTextWidth), length: 10 * messageTextWidth },
  };
}

/** The text `label: message` that screen readers announce and the <title> shows. */
export function accessibleText(label: string, message: string): string {
  return label ? `${label}: ${message}` : message;
}

/**
 * A self-contained SVG badge (no fonts, images, links or scripts) with role="img", aria-label and <title>;
 * every piece of text is escaped.
 */
export function renderBadge(spec: BadgeSpec): string {
  const layout = badgeLayout(spec);
  const color = NAMED_COLORS[spec.color];
  const labelColor = layout.label ? NAMED_COLORS[spec.labelColor ?? "grey"] : color;
  const forTheBadge = spec.style === "for-the-badge";
  const shown = forTheBadge
    ? { label: spec.label.toUpperCase(), message: spec.message.toUpperCase() }
    : { label: spec.label, message: spec.message };
  const a11y = escapeXml(xmlSafe(accessibleText(shown.label, shown.message)));
  const { width, height, leftWidth, rightWidth } = layout;

  const rects =
    `<rect width="${leftWidth}" height="${height}" fill="${labelColor}"/>` +
    `<rect x="${leftWidth}" width="${rightWidth}" height="${height}" fill="${color}"/>`;
  let background: string;
  if (spec.style === "flat" || spec.style === "plastic") {
    const stops =
      spec.style === "flat"
        ? `<stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/>`
        : `<stop offset="0" stop-color="#fff" stop-opacity=".7"/><stop offset=".1" stop-color="#aaa" stop-opacity=".1"/>` +
          `<stop offset=".9" stop-color="#000" stop-opacity=".3"/><stop offset="1" stop-color="#000" stop-opacity=".5"/>`;
    const radius = spec.style === "flat" ? 3 : 4;
    background =
      `<linearGradient id="s" x2="0" y2="100%">${stops}</linearGradient>` +
      `<clipPath id="r"><rect width="${width}" height="${height}" rx="${radius}" fill="#fff"/></clipPath>` +
      `<g clip-path="url(#r)">${rects}<rect width="${width}" height="${height}" fill="url(#s)"/></g>`;
  } else {
    background = `<g shape-rendering="crispEdges">${rects}</g>`;
  }

  const texts = forTheBadge
    ? [
        layout.label ? tallText(layout.label, labelColor, false) : "",
        tallText(layout.message, color, true),
      ].join("")
    : [
        layout.label ? shortText(layout.label, labelColor, spec.style) : "",
        shortText(layout.message, color, spec.style),
      ].join("");
  const fontSize = forTheBadge ? 100 : 110;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${a11y}">` +
    `<title>${a11y}</title>${background}` +
    `<g fill="#fff" text-anchor="middle" font-family="${FONT_FAMILY}" text-rendering="geometricPrecision" font-size="${fontSize}">` +
    `${texts}</g></svg>`
  );
}

function shortText(text: Text, background: string, style: BadgeStyle): string {
  const { text: fill, shadow } = textColorsFor(background);
  const verticalMargin = style === "plastic" ? -10 : 0;
  const content = escapeXml(text.content);
  const shadowed =
    style === "flat" || style === "plastic"
      ? `<text aria-hidden="true" x="${text.x}" y="${150 + verticalMargin}" fill="${shadow}" fill-opacity=".3" transform="scale(.1)" textLength="${text.length}">${content}</text>`
      : "";
  return `${shadowed}<text x="${text.x}" y="${140 + verticalMargin}" transform="scale(.1)" fill="${fill}" textLength="${text.length}">${content}</text>`;
}

function tallText(text: Text, background: string, bold: boolean): string {
  const { text: fill } = textColorsFor(background);
  const weight = bold ? ` font-weight="bold"` : "";
  return `<text transform="scale(.1)" x="${text.x}" y="175" textLength="${text.length}" fill="${fill}"${weight}>${escapeXml(text.content)}</text>`;
}
