/** The API reference, rendered on the server from the generated OpenAPI document: no script, no CDN. */
import { type ComponentChildren, Fragment } from "preact";
import { ScrollFrame } from "../components/scroll-frame";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** The parts of an OpenAPI 3.1 document this page shows. */
export interface ApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], ApiOperation>> | undefined>;
  components?: { schemas?: Record<string, ApiSchema | undefined> };
}

/** The parts of a JSON Schema this page shows. */
export interface ApiSchema {
  type?: string | string[];
  description?: string;
  $ref?: string;
  properties?: Record<string, ApiSchema>;
  items?: ApiSchema;
  anyOf?: ApiSchema[];
  additionalProperties?: ApiSchema | boolean;
}

export interface ApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<ApiParameter | { $ref: string }>;
  responses?: Record<string, ApiResponse | { $ref: string }>;
}

interface ApiResponse {
  description?: string;
  content?: Record<string, { schema?: ApiSchema } | undefined>;
}

interface ApiParameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
}

/** Text with `backtick` spans (as OpenAPI descriptions write code) shown as code. */
function Prose({ text }: { text: string | undefined }) {
  if (!text) return null;
  return <>{text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** A schema in words: `string`, `number | null`, `array of BoardEntry`, a link for a named schema. */
function TypeOf({ schema }: { schema: ApiSchema | undefined }) {
  if (!schema) return <>any</>;
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return <a href={`#schema-${name}`}>{name}</a>;
  }
  if (schema.anyOf) {
    return (
      <>
        {schema.anyOf.map((s, i) => (
          <Fragment key={i}>
            {i > 0 ? " | " : ""}
            <TypeOf schema={s} />
          </Fragment>
        ))}
      </>
    );
  }
  if (schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"))) {
    return (
      <>
        array of <TypeOf schema={schema.items} />
      </>
    );
  }
  if (schema.type === "object" && !schema.properties && typeof schema.additionalProperties === "object") {
    return (
      <>
        map of <TypeOf schema={schema.additionalProperties} />
      </>
    );
  }
  return <>{Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any")}</>;
}

/** A table of three text columns, as both the parameters and the fields of a schema are shown. */
function TextTable({
  caption,
  headings,
  rows,
}: {
  caption: string;
  headings: readonly [string, string, string];
  rows: ReadonlyArray<{ key: string; cells: readonly [ComponentChildren, ComponentChildren, ComponentChildren] }>;
}) {
  return (
    <ScrollFrame>
      <table class="data">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {headings.map((heading) => (
              <th key={heading} scope="col" class="text">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) => (
                <td key={headings[i]} class="text">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollFrame>
  );
}

function Fields({ schema, caption }: { schema: ApiSchema; caption: string }) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return null;
  return (
    <TextTable
      caption={caption}
      headings={["Field", "Type", "Description"]}
      rows={properties.map(([name, s]) => ({
        key: name,
        cells: [
          <code key="name">{name}</code>,
          <TypeOf key="type" schema={s} />,
          <Prose key="text" text={s.description} />,
        ],
      }))}
    />
  );
}

function slug(method: string, path: string): string {
  return `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function Operation({ method, path, op }: { method: string; path: string; op: ApiOperation }) {
  const parameters = (op.parameters ?? []).filter((p): p is ApiParameter => "name" in p);
  const responses = Object.entries(op.responses ?? {});
  return (
    <section class="prose" id={slug(method, path)} aria-labelledby={`${slug(method, path)}-h`}>
      <h3 id={`${slug(method, path)}-h`}>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      {op.summary ? <p>{op.summary}</p> : null}
      {op.description ? (
        <p class="muted">
          <Prose text={op.description} />
        </p>
      ) : null}
      {parameters.length > 0 ? (
        <TextTable
          caption={`Parameters of ${path}`}
          headings={["Parameter", "In", "Description"]}
          rows={parameters.map((p) => ({
            key: `${p.in}:${p.name}`,
            cells: [
              <>
                <code>{p.name}</code>
                {p.required ? " (required)" : ""}
              </>,
              p.in,
              <Prose key="text" text={p.description} />,
            ],
          }))}
        />
      ) : null}
      {responses.length > 0 ? (
        <ul>
          {responses.map(([status, r]) => {
            const response = "$ref" in r ? undefined : r;
            const content = Object.entries(response?.content ?? {})[0];
            return (
              <li key={status}>
                <code>{status}</code> <Prose text={response?.description} />
                {content ? (
                  <>
                    {" "}
                    (<code>{content[0]}</code>
                    {content[1]?.schema ? (
                      <>
                        : <TypeOf schema={content[1].schema} />
                      </>
                    ) : null}
                    )
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

/** Every operation of the document, grouped by path, with a table of contents. */
export function DocsPage({ doc }: { doc: ApiDocument }) {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item?.[method];
      return op ? [{ path, method, op }] : [];
    }),
  );
  return (
    <>
      <div class="prose">
        <h1>{doc.info.title}</h1>
        {doc.info.description ? <p>{doc.info.description}</p> : null}
        <p>
          Version {doc.info.version}. Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI
          3.1, generated from the schemas that validate requests). Reads are open to any origin (CORS <code>*</code>),
          answer with an <code>ETag</code> and honour <code>If-None-Match</code>.
        </p>
        <nav aria-label="Endpoints">
          <ul>
            {operations.map(({ path, method }) => (
              <li key={slug(method, path)}>
                <a href={`#${slug(method, path)}`}>
                  <code>
                    {method.toUpperCase()} {path}
                  </code>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <section aria-labelledby="endpoints-h">
        <h2 id="endpoints-h" class="prose">
          Endpoints
        </h2>
        {operations.map(({ path, method, op }) => (
          <Operation key={slug(method, path)} method={method} path={path} op={op} />
        ))}
      </section>
      <section class="prose" aria-labelledby="schemas-h">
        <h2 id="schemas-h">Schemas</h2>
        {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) =>
          schema ? (
            <div key={name} id={`schema-${name}`}>
              <h3>{name}</h3>
              {schema.description ? <p>{schema.description}</p> : null}
              <Fields schema={schema} caption={`Fields of ${name}`} />
            </div>
          ) : null,
        )}
      </section>
    </>
  );
}
