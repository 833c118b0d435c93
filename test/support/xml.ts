/**
 * A strict XML 1.0 well-formedness check for generated documents (no DOCTYPE, CDATA, comments or processing
 * instructions other than a leading XML declaration, which our SVGs never use): one root element, balanced
 * tags, unique attributes with quoted values, only the five predefined or numeric entity references, no raw
 * `<` or `&`, no characters XML forbids. Returns the problems found; an empty list means well-formed.
 * workerd has no DOMParser, so tests that run there use this; the browser test cross-checks with Chromium's.
 */
const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;
/** One character XML 1.0 forbids: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; a lone surrogate. */
export const FORBIDDEN_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkCharacterData(text: string, where: string, problems: string[]): void {
  if (FORBIDDEN_CHAR.test(text)) problems.push(`forbidden character in ${where}`);
  if (text.includes("<")) problems.push(`raw < in ${where}`);
  if (text.includes("]]>")) problems.push(`]]> in ${where}`);
  for (let i = text.indexOf("&"); i !== -1; i = text.indexOf("&", i + 1)) {
    if (!REFERENCE.test(text.slice(i))) problems.push(`bad reference in ${where}: ${text.slice(i, i + 10)}`);
  }
}

/** The well-formedness problems of `xml`; [] when it is well-formed. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const declaration = /^<\?xml[^?]*\?>/.exec(xml);
  if (declaration) i = declaration[0].length;

  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text) {
      if (stack.length === 0 && text.trim()) problems.push("text outside the root element");
      checkCharacterData(text, "text", problems);
    }
    if (lt === -1) break;
    i = lt + 1;

    if (xml[i] === "/") {
      const name = NAME.exec(xml.slice(i + 1))?.[0];
      if (!name) return [...problems, `bad end tag at ${lt}`];
      i += 1 + name.length;
      while (/\s/.test(xml[i] ?? "")) i++;
      if (xml[i] !== ">") return [...problems, `bad end tag </${name} at ${lt}`];
      i++;
      const open = stack.pop();
      if (open !== name) return [...problems, `</${name}> closes <${open ?? "nothing"}>`];
      continue;
    }

    const name = NAME.exec(xml.slice(i))?.[0];
    if (!name) return [...problems, `bad start tag at ${lt}`];
    if (stack.length === 0 && ++roots > 1) problems.push("more than one root element");
    i += name.length;
    const seen = new Set<string>();
    for (;;) {
      const space = /^\s*/.exec(xml.slice(i))?.[0].length ?? 0;
      i += space;
      if (xml.startsWith("/>", i)) {
        i += 2;
        break;
      }
      if (xml[i] === ">") {
        i++;
        stack.push(name);
        break;
      }
      if (space === 0) return [...problems, `no space before an attribute of <${name}> at ${i}`];
      const attr = NAME.exec(xml.slice(i))?.[0];
      if (!attr) return [...problems, `bad attribute in <${name}> at ${i}`];
      if (seen.has(attr)) problems.push(`duplicate attribute ${attr} in <${name}>`);
      seen.add(attr);
      i += attr.length;
      const eq = /^\s*=\s*/.exec(xml.slice(i))?.[0];
      if (!eq) return [...problems, `attribute ${attr} of <${name}> has no value`];
      i += eq.length;
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") return [...problems, `unquoted attribute ${attr} of <${name}>`];
      const end = xml.indexOf(quote, i + 1);
      if (end === -1) return [...problems, `unterminated attribute ${attr} of <${name}>`];
      checkCharacterData(xml.slice(i + 1, end), `attribute ${attr} of <${name}>`, problems);
      i = end + 1;
    }
  }
  if (stack.length) problems.push(`unclosed <${stack.join("> <")}>`);
  if (roots === 0) problems.push("no root element");
  return problems;
}
