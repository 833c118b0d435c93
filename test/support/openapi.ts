/**
 * The OpenAPI document as a client reads it: its operations, and every answer held against it with an independent
 * JSON Schema 2020-12 validator (ajv): the status documented for the operation, the content type documented for
 * that status, and a JSON body valid against its schema. Nothing here comes from the Worker's code.
 */
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type Method = (typeof METHODS)[number];

export interface Operation {
  method: Method;
  path: string;
  op: any;
}

/** Every operation of the document. */
export function operations(doc: any): Operation[] {
  return Object.entries(doc.paths as Record<string, any>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
  );
}

const pointer = (...segments: string[]) =>
  segments.map((s) => encodeURIComponent(s.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

/** A checker of answers against `doc`. */
export function answerChecker(doc: any) {
  const id = "https://podium.test/openapi.json";
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: id });

  /** Why the answer does not match the document (null when it does); reads the body. */
  return async function mismatch(method: Method, path: string, res: Response): Promise<string | null> {
    const where = `${method.toUpperCase()} ${path} → ${res.status}`;
    const op = doc.paths[path]?.[method];
    if (!op) return `${where}: no such operation in the document`;
    const response = op.responses[String(res.status)];
    if (!response) return `${where}: status not documented (${Object.keys(op.responses).join(", ")})`;
    const body = Buffer.from(await res.arrayBuffer());
    const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const content = response.content as Record<string, { schema?: unknown }> | undefined;
    if (!content) return body.length === 0 ? null : `${where}: a ${type} body where none is documented`;
    if (!content[type]) return `${where}: content type ${type || "(none)"} not documented (${Object.keys(content)})`;
    if (type !== "application/json") return null;
    const validate = ajv.getSchema(
      `${id}#/${pointer("paths", path, method, "responses", String(res.status), "content", type, "schema")}`,
    );
    if (!validate) return `${where}: no schema to validate the JSON body with`;
    const json = JSON.parse(body.toString("utf8"));
    return validate(json)
      ? null
      : `${where}: ${ajv.errorsText(validate.errors)} in ${body.toString("utf8").slice(0, 300)}`;
  };
}

/** A value for a path parameter that its schema accepts, naming nothing that exists. */
export function placeholder(schema: { pattern?: string } | undefined): string {
  const pattern = schema?.pattern ? new RegExp(schema.pattern) : null;
  return ["nobody", "nobody.svg"].find((v) => !pattern || pattern.test(v)) ?? "nobody";
}

/** The concrete URL path of a templated one. */
export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return name === "name" || name === "org"
      ? value.split("/").map(encodeURIComponent).join("/")
      : encodeURIComponent(value);
  });
}
