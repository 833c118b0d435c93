/** `/submit`: the submission form, a plain POST that shows each field's error next to the field. */
import type { Context } from "hono";
import { renderDocument } from "../../../web/document";
import { type SubmitField, SubmitPage, type SubmitPageProps } from "../../../web/pages/submit";
import { Unavailable } from "../../adapters/unavailable";
import type { HubCheck } from "../../domain/hub";
import type { AppEnv } from "../../edge/context";
import { createRouter } from "../../edge/context";
import { type PodiumError, unavailableError } from "../../edge/errors";
import { formFields } from "../../edge/form";
import { refusalError } from "../../edge/refusals";
import { currentUser, type SessionUser } from "../../edge/session";
import { submissionBody } from "../../schemas/queue";
import { submit } from "../../use-cases/submit";
import { accountSlot } from "./account-slot";

const FIELDS = ["model", "revision", "precision", "weight_type", "base_model", "model_type", "chat_template"] as const;

const HUB_CHECK_FIELD: Record<HubCheck, SubmitField> = {
  revision: "revision",
  model_exists: "revision",
  license: "model",
  model_card: "model",
  parameters: "precision",
  chat_template: "chat_template",
  base_model: "base_model",
};

type Shown = Pick<SubmitPageProps, "errors" | "formError">;

/** A refused submission as per-field messages, or a message for the whole form. */
function formErrors(err: PodiumError): Shown {
  const errors: SubmitPageProps["errors"] = {};
  const details = Array.isArray(err.details)
    ? (err.details as { path?: string; check?: string; message: string }[])
    : [];
  for (const d of details) {
    const field = d.check ? HUB_CHECK_FIELD[d.check as HubCheck] : (d.path as SubmitField | undefined);
    if (field && !errors[field]) errors[field] = d.message;
  }
  return Object.keys(errors).length ? { errors } : { errors, formError: err.message };
}

function page(
  c: Context<AppEnv>,
  user: SessionUser | null,
  props: SubmitPageProps,
  status: 200 | 400 | 409 | 422 | 429 | 503,
) {
  return c.html(
    renderDocument({
      title: "Submit a model — Podium",
      section: "queue",
      account: accountSlot(c, user),
      children: <SubmitPage {...props} />,
    }),
    status,
  );
}

/** Submits the form's values: null once queued, else what to show and with which status. */
async function tryToSubmit(
  c: Context<AppEnv>,
  user: SessionUser,
  values: SubmitPageProps["values"],
): Promise<{ status: 400 | 409 | 422 | 429 | 503; shown: Shown } | { queued: string }> {
  const parsed = submissionBody.safeParse({
    ...values,
    base_model: values.base_model || undefined,
    revision: values.revision || undefined,
    chat_template: values.chat_template === "true",
  });
  if (!parsed.success) {
    const errors: SubmitPageProps["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "") as SubmitField;
      if (!errors[field]) errors[field] = issue.message;
    }
    return { status: 400, shown: { errors } };
  }
  let err: PodiumError;
  try {
    const deps = { db: c.var.db, hub: c.var.hub, hubOffline: c.var.config.hubOffline };
    const outcome = await submit(deps, user, parsed.data, Date.now());
    if (outcome.ok) return { queued: outcome.value.id };
    err = refusalError(outcome);
  } catch (thrown) {
    if (!(thrown instanceof Unavailable)) throw thrown;
    err = unavailableError(thrown);
  }
  const status =
    err.status === 409 || err.status === 422 || err.status === 429 || err.status === 503 ? err.status : 400;
  return { status, shown: formErrors(err) };
}

export const submitPages = createRouter()
  .get("/submit", async (c) => {
    const user = await currentUser(c);
    return page(c, user, { signedIn: user !== null, values: {}, errors: {} }, 200);
  })
  .post("/submit", async (c) => {
    const user = await currentUser(c);
    if (!user) return c.redirect(`/auth/login?return=${encodeURIComponent("/submit")}`, 303);
    const form = await formFields(c);
    const values: SubmitPageProps["values"] = {};
    for (const key of FIELDS) {
      const v = form[key];
      if (typeof v === "string") values[key] = v;
    }
    const result = await tryToSubmit(c, user, values);
    if ("queued" in result) return c.redirect(`/queue?status=PENDING#${result.queued}`, 303);
    return page(c, user, { signedIn: true, values, ...result.shown }, result.status);
  });
