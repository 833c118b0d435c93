/**
 * Reads the geometry of a shields-style SVG badge, ours or badge-maker's, so two badges can be compared by what
 * they draw rather than by their text (attribute order, grouping and shadow markup differ): the size, the
 * visible background rectangles, the visible text runs with their effective fill, and the logo's box.
 * workerd has no DOMParser; the documents are first checked with xmlProblems, so this small parser may assume
 * well-formed XML.
 */
import { xmlProblems } from "./xml";

export interface SvgElement {
  name: string;
  attrs: Record<string, string>;
  children: SvgElement[];
  text: string;
  parent: SvgElement | null;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&amp;/g, "&");

/** The element tree of a well-formed SVG document (throws on a malformed one). */
export function parseSvg(svg: string): SvgElement {
  const problems = xmlProblems(svg);
  if (problems.length) throw new Error(`not well-formed: ${problems.join("; ")}`);
  const root: SvgElement = { name: "#document", attrs: {}, children: [], text: "", parent: null };
  let current = root;
  for (const token of svg.matchAll(/<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g)) {
    const [, closing, name, attributes, selfClosing, text] = token;
    if (text !== undefined) {
      current.text += unescapeXml(text);
      continue;
    }
    if (closing) {
      current = current.parent ?? root;
      continue;
    }
    const attrs = Object.fromEntries(
      [...(attributes ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1] ?? "", unescapeXml(m[2] ?? "")]),
    );
    const element: SvgElement = { name: name ?? "", attrs, children: [], text: "", parent: current };
    current.children.push(element);
    if (!selfClosing) current = element;
  }
  const svgRoot = root.children[0];
  if (!svgRoot) throw new Error("no root element");
  return svgRoot;
}

function* walk(element: SvgElement): Generator<SvgElement> {
  yield element;
  for (const child of element.children) yield* walk(child);
}

function ancestry(element: SvgElement): SvgElement[] {
  const chain: SvgElement[] = [];
  for (let e: SvgElement | null = element; e; e = e.parent) chain.push(e);
  return chain;
}

/** An attribute as the element inherits it: its own value, else the nearest ancestor's. */
function inherited(element: SvgElement, attr: string): string | undefined {
  return ancestry(element).find((e) => e.attrs[attr] !== undefined)?.attrs[attr];
}

export interface BadgeGeometry {
  width: number;
  height: number;
  ariaLabel: string | undefined;
  title: string | undefined;
  /** Background rectangles that paint a colour: not a clip path, not a gradient overlay, not zero-width. */
  rects: { x: number; width: number; fill: string }[];
  /** Text runs a reader sees (not empty, no aria-hidden shadows), left to right. */
  texts: { content: string; x: number; y: number; textLength: number; fill: string; bold: boolean }[];
  /** The logo's box: badge-maker's <image>, or our nested <svg>. */
  logo: { x: number; y: number; width: number; height: number } | null;
}

/** What a badge draws, read from its SVG. */
export function badgeGeometry(svg: string): BadgeGeometry {
  const root = parseSvg(svg);
  const all = [...walk(root)];
  const rects = all
    .filter((e) => e.name === "rect")
    .filter((e) => !ancestry(e).some((a) => a.name === "clipPath"))
    .filter((e) => !(e.attrs.fill ?? "").startsWith("url("))
    .map((e) => ({ x: Number(e.attrs.x ?? 0), width: Number(e.attrs.width), fill: e.attrs.fill ?? "" }))
    .filter((r) => r.width > 0);
  const texts = all
    .filter((e) => e.name === "text")
    .filter((e) => !ancestry(e).some((a) => a.attrs["aria-hidden"] === "true"))
    .map((e) => ({
      content: e.text,
      x: Number(e.attrs.x),
      y: Number(e.attrs.y),
      textLength: Number(e.attrs.textLength),
      fill: inherited(e, "fill") ?? "",
      bold: inherited(e, "font-weight") === "bold",
    }))
    .filter((t) => t.content.length > 0);
  const logoElement = all.find((e) => e.name === "image" || (e.name === "svg" && e !== root));
  const logo = logoElement
    ? {
        x: Number(logoElement.attrs.x),
        y: Number(logoElement.attrs.y),
        width: Number(logoElement.attrs.width),
        height: Number(logoElement.attrs.height),
      }
    : null;
  return {
    width: Number(root.attrs.width),
    height: Number(root.attrs.height),
    ariaLabel: root.attrs["aria-label"],
    title: all.find((e) => e.name === "title")?.text,
    rects,
    texts,
    logo,
  };
}
