/** `/submit`: the submission form, a plain POST that shows each field's error next to the field. */
import { QUOTA_RULE } from "../../worker/domain/queue";
import { MODEL_TYPE_LABELS, MODEL_TYPES, PRECISIONS, WEIGHT_TYPES } from "../../worker/domain/vocabulary";

export type SubmitField =
  | "model"
  | "revision"
  | "precision"
  | "weight_type"
  | "base_model"
  | "model_type"
  | "chat_template";

export interface SubmitPageProps {
  signedIn: boolean;
  values: Partial<Record<SubmitField, string>>;
  errors: Partial<Record<SubmitField, string>>;
  /** An error that belongs to no single field (quota, duplicate, Hub unreachable). */
  formError?: string;
}

function FieldError({ field, errors }: { field: SubmitField; errors: SubmitPageProps["errors"] }) {
  const message = errors[field];
  return message ? (
    <span class="field-error" id={`${field}-error`} role="alert">
      {message}
    </span>
  ) : null;
}

const described = (field: SubmitField, errors: SubmitPageProps["errors"]) =>
  errors[field] ? { "aria-invalid": "true" as const, "aria-describedby": `${field}-error` } : {};

function Select(p: {
  field: SubmitField;
  label: string;
  options: readonly string[];
  labels?: Record<string, string>;
  values: SubmitPageProps["values"];
  errors: SubmitPageProps["errors"];
}) {
  return (
    <p>
      <label for={p.field}>{p.label}</label>{" "}
      <select id={p.field} name={p.field} required {...described(p.field, p.errors)}>
        {p.options.map((o) => (
          <option key={o} value={o} selected={p.values[p.field] === o}>
            {p.labels?.[o] ?? o}
          </option>
        ))}
      </select>{" "}
      <FieldError field={p.field} errors={p.errors} />
    </p>
  );
}

export function SubmitPage({ signedIn, values, errors, formError }: SubmitPageProps) {
  if (!signedIn) {
    return (
      <>
        <h1>Submit a model</h1>
        <p>
          <a href={`/auth/login?return=${encodeURIComponent("/submit")}`}>Sign in with Hugging Face</a> to submit a
          model for evaluation.
        </p>
      </>
    );
  }
  const typeLabels = Object.fromEntries(MODEL_TYPES.map((t) => [t, MODEL_TYPE_LABELS[t].label]));
  return (
    <>
      <h1>Submit a model</h1>
      <p class="muted">
        The model must be on the Hugging Face Hub with a license, a model card of at least 200 characters and
        safetensors weights of at most 100B parameters in 16-bit (200B in 8-bit, 400B in 4-bit), at main, a tag, or a
        full commit of main's history (never a pull request). Your own vote is counted.
      </p>
      <p class="muted">{QUOTA_RULE}</p>
      {formError ? (
        <p role="alert" class="field-error">
          {formError}
        </p>
      ) : null}
      <form method="post" action="/submit" class="submit-form" novalidate>
        <p>
          <label for="model">Model id (org/name)</label>{" "}
          <input id="model" name="model" required value={values.model ?? ""} {...described("model", errors)} />{" "}
          <FieldError field="model" errors={errors} />
        </p>
        <p>
          <label for="revision">Revision</label>{" "}
          <input id="revision" name="revision" value={values.revision ?? "main"} {...described("revision", errors)} />{" "}
          <FieldError field="revision" errors={errors} />
        </p>
        <Select field="precision" label="Precision" options={PRECISIONS} values={values} errors={errors} />
        <Select field="weight_type" label="Weights" options={WEIGHT_TYPES} values={values} errors={errors} />
        <p>
          <label for="base_model">Base model (for Delta or Adapter weights)</label>{" "}
          <input
            id="base_model"
            name="base_model"
            value={values.base_model ?? ""}
            {...described("base_model", errors)}
          />{" "}
          <FieldError field="base_model" errors={errors} />
        </p>
        <Select
          field="model_type"
          label="Model type"
          options={MODEL_TYPES}
          labels={typeLabels}
          values={values}
          errors={errors}
        />
        <p>
          <input
            type="checkbox"
            id="chat_template"
            name="chat_template"
            value="true"
            checked={values.chat_template === "true"}
            {...described("chat_template", errors)}
          />{" "}
          <label for="chat_template">Evaluate with the chat template</label>{" "}
          <FieldError field="chat_template" errors={errors} />
        </p>
        <p>
          <button type="submit">Submit</button>
        </p>
      </form>
    </>
  );
}
