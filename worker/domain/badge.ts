/**
 * Badge layout and SVG rendering with shields.io badge-maker's geometry, so a Podium badge sits pixel-aligned
 * next to every other badge in a README: label and message trimmed, 11px Verdana widths rounded up to odd with
 * 5 px padding (for-the-badge: uppercase, 10px Verdana for the label and bold 10px for the message, 1.25 px
 * letter spacing, 12 px margins), a 14 px logo where badge-maker puts one, text drawn at font-size 110 (100)
 * under scale(.1) with textLength, shadows on flat and plastic, auto-contrast text.
 * See ../shared/reference/badges.md.
 */
import { brightness, NAMED_COLORS, svgColor, type NamedColor } from "./badge-colors";
import { LOGOS, logoFill, type BadgeLogo } from "./badge-logos";
import { type BadgeFont, preferredWidth, textWidth } from "./badge-text";
import { xmlEscape as escapeXml, xmlSafe } from "./xml";

export const BADGE_STYLES = ["flat", "flat-square", "plastic", "for-the-badge"] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

export interface BadgeSpec {
  label: string;
  message: string;
  /** The message side: any colour shields takes (badge-colors.ts); lightgrey, shields' default, if it is none. */
  color: string;
  /** The label side; shields' grey when absent. Given with an empty label, it still draws a label side. */
  labelColor?: string;
  logo?: BadgeLogo;
  /** The logo's fill instead of the one shields picks for it. */
  logoColor?: string;
  style: BadgeStyle;
}

const FONT_FAMILY = "Verdana,Geneva,DejaVu Sans,sans-serif";
const HORIZONTAL_PADDING = 5;
const BRIGHTNESS_THRESHOLD = 0.69;
const LABEL_COLOR = NAMED_COLORS.grey;
const LOGO_SIZE = 14;

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
  logo: Box | null;
}

interface Text {
  content: string;
  /** Centre of the text, in scaled (×10) units. */
  x: number;
  /** textLength, in scaled (×10) units. */
  length: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const HEIGHTS: Record<BadgeStyle, number> = { flat: 20, "flat-square": 20, plastic: 18, "for-the-badge": 28 };

/** Label and message as badge-maker draws them: trimmed, uppercase for for-the-badge, XML-safe. */
function shownText(spec: BadgeSpec): { label: string; message: string } {
  const shown = (text: string) => {
    const trimmed = text.trim();
    return xmlSafe(spec.style === "for-the-badge" ? trimmed.toUpperCase() : trimmed);
  };
  return { label: shown(spec.label), message: shown(spec.message) };
}

/** Whether the spec's label colour is one badge-maker would use (an unusable one counts as absent). */
function hasLabelColor(spec: BadgeSpec): boolean {
  return spec.labelColor !== undefined && svgColor(spec.labelColor) !== undefined;
}

/** The geometry of a badge, exactly as badge-maker computes it for the style (no links). */
export function badgeLayout(spec: BadgeSpec): BadgeLayout {
  const { label, message } = shownText(spec);
  const logo = spec.logo !== undefined;
  if (spec.style === "for-the-badge") return forTheBadgeLayout(label, message, logo, hasLabelColor(spec));

  const height = HEIGHTS[spec.style];
  const logoWidth = logo ? LOGO_SIZE : 0;
  const totalLogoWidth = logoWidth + (logo && label.length ? 3 : 0);
  const hasLabel = label.length > 0 || hasLabelColor(spec);
  const labelWidth = label.length ? preferredWidth(label) : 0;
  const leftWidth = hasLabel ? labelWidth + 2 * HORIZONTAL_PADDING + totalLogoWidth : 0;
  const messageWidth = preferredWidth(message);
  let messageMargin = leftWidth - (message.length ? 1 : 0);
  let rightWidth = messageWidth + 2 * HORIZONTAL_PADDING;
  if (!hasLabel) messageMargin += logo ? totalLogoWidth + HORIZONTAL_PADDING : 1;
  if (!hasLabel && logo) rightWidth += totalLogoWidth + (message.length ? HORIZONTAL_PADDING - 1 : 0);
  const centre = (margin: number, w: number) => 10 * (margin + 0.5 * w + HORIZONTAL_PADDING);
  return {
    width: leftWidth + rightWidth,
    height,
    leftWidth,
    rightWidth,
    label: label.length ? { content: label, x: centre(totalLogoWidth + 1, labelWidth), length: 10 * labelWidth } : null,
    message: { content: message, x: centre(messageMargin, messageWidth), length: 10 * messageWidth },
    logo: logo ? { x: HORIZONTAL_PADDING, y: 0.5 * (height - LOGO_SIZE), width: logoWidth, height: LOGO_SIZE } : null,
  };
}

/**
 * for-the-badge: the label in 10px Verdana and the message in bold 10px Verdana, each floored, plus 1.25 px of
 * letter spacing per UTF-16 unit (badge-maker counts `.length`), 12 px text margins, widths not rounded; a
 * logo 9 px in with a 6 px gutter. A label colour without a label draws a label side only around a logo.
 */
function forTheBadgeLayout(label: string, message: string, logo: boolean, labelColor: boolean): BadgeLayout {
  const TEXT_MARGIN = 12;
  const LOGO_MARGIN = 9;
  const LOGO_TEXT_GUTTER = 6;
  const LETTER_SPACING = 1.25;
  const height = HEIGHTS["for-the-badge"];
  const measure = (text: string, font: BadgeFont) =>
    text.length ? Math.floor(textWidth(text, font)) + LETTER_SPACING * text.length : 0;
  const labelTextWidth = measure(label, "10px Verdana");
  const messageTextWidth = measure(message, "bold 10px Verdana");
  const hasLabel = label.length > 0;
  const logoWidth = logo ? LOGO_SIZE : 0;
  const gutter = !hasLabel && !message.length ? LOGO_TEXT_GUTTER - LOGO_MARGIN : LOGO_TEXT_GUTTER;
  const labelTextMinX = logo ? LOGO_MARGIN + logoWidth + gutter : TEXT_MARGIN;

  let leftWidth = 0;
  let messageTextMinX = TEXT_MARGIN;
  let rightWidth = 2 * TEXT_MARGIN + messageTextWidth;
  if (hasLabel || (logo && labelColor)) {
    leftWidth = hasLabel ? labelTextMinX + labelTextWidth + TEXT_MARGIN : 2 * LOGO_MARGIN + logoWidth;
    messageTextMinX = leftWidth + TEXT_MARGIN;
  } else if (logo) {
    messageTextMinX = TEXT_MARGIN + logoWidth + gutter;
    rightWidth += logoWidth + gutter;
  }
  return {
    width: leftWidth + rightWidth,
    height,
    leftWidth,
    rightWidth,
    label: hasLabel
      ? { content: label, x: 10 * (labelTextMinX + 0.5 * labelTextWidth), length: 10 * labelTextWidth }
      : null,
    message: { content: message, x: 10 * (messageTextMinX + 0.5 * messageTextWidth), length: 10 * messageTextWidth },
    logo: logo ? { x: LOGO_MARGIN, y: 0.5 * (height - LOGO_SIZE), width: logoWidth, height: LOGO_SIZE } : null,
  };
}

/** The text `label: message` that screen readers announce and the <title> shows. */
export function accessibleText(label: string, message: string): string {
  return label ? `${label}: ${message}` : message;
}

/** The SVG fills of a spec's two sides: the message colour, and the label colour (shields' grey by default). */
function badgeFills(spec: BadgeSpec): { label: string; message: string } {
  const label = spec.labelColor === undefined ? undefined : svgColor(spec.labelColor);
  return { label: label ?? LABEL_COLOR, message: svgColor(spec.color) ?? NAMED_COLORS.lightgrey };
}

/**
 * A self-contained SVG badge (no fonts, images, links or scripts) with role="img", aria-label and <title>;
 * every piece of text is escaped, and a logo is an inline path.
 */
export function renderBadge(spec: BadgeSpec): string {
  const layout = badgeLayout(spec);
  const fills = badgeFills(spec);
  const shown = shownText(spec);
  const a11y = escapeXml(accessibleText(shown.label, shown.message));
  const { width, height, leftWidth, rightWidth } = layout;

  const rects =
    (leftWidth > 0 ? `<rect width="${leftWidth}" height="${height}" fill="${escapeXml(fills.label)}"/>` : "") +
    `<rect x="${leftWidth}" width="${rightWidth}" height="${height}" fill="${escapeXml(fills.message)}"/>`;
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

  const forTheBadge = spec.style === "for-the-badge";
  const text = (t: Text, fill: string, bold: boolean) =>
    t.content ? (forTheBadge ? tallText(t, fill, bold) : shortText(t, fill, spec.style)) : "";
  const logo = layout.logo && spec.logo ? logoSvg(layout.logo, spec.logo, spec.logoColor) : "";
  const texts =
    (layout.label ? text(layout.label, fills.label, false) : "") + text(layout.message, fills.message, true);
  const fontSize = forTheBadge ? 100 : 110;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${a11y}">` +
    `<title>${a11y}</title>${background}` +
    `<g fill="#fff" text-anchor="middle" font-family="${FONT_FAMILY}" text-rendering="geometricPrecision" font-size="${fontSize}">` +
    `${logo}${texts}</g></svg>`
  );
}

function logoSvg(box: Box, logo: BadgeLogo, logoColor: string | undefined): string {
  const fill = escapeXml(logoFill(logo, logoColor));
  return (
    `<svg x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" viewBox="0 0 24 24">` +
    `<path fill="${fill}" d="${LOGOS[logo].path}"/></svg>`
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
