import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../worker/store/db";
import { submissions, votes } from "../../worker/store/schema";
import { as, ORIGIN, signIn, submission, testApp } from "../support/app";
import { HubDouble } from "../support/hub-double";

const hub = new HubDouble()
  .add("page-org/alpha")
  .add("page-org/beta")
  .add("form-org/ok")
  .add("form-org/nolicense", { license: null });
const app = testApp({ hub });
const db = database(env.DB);
let kim: { id: string; cookie: string };
let alpha: string;
let beta: string;

beforeAll(async () => {
  kim = await signIn("kim");
  const lee = await signIn("lee");
  alpha = (
    (await (
      await app.fetch("/api/v1/submissions", { method: "POST", headers: as(kim), body: submission("page-org/alpha") })
    ).json()) as any
  ).data.id;
  beta = (
    (await (
      await app.fetch("/api/v1/submissions", { method: "POST", headers: as(lee), body: submission("page-org/beta") })
    ).json()) as any
  ).data.id;
  await db.insert(votes).values({ submissionId: beta, userId: kim.id, createdAt: Date.now() });
});

const form = (user: { cookie: string }, fields: Record<string, string>, origin = ORIGIN) => ({
  method: "POST",
  headers: {
    cookie: user.cookie,
    origin,
    "content-type": "application/x-www-form-urlencoded",
    "cf-connecting-ip": "198.51.100.50",
  },
  body: new URLSearchParams(fields).toString(),
});

describe("GET /api/v1/queue", () => {
  describe("happy", () => {
    it("lists entries by priority with id, model, status, votes, priority, times and the aging rule", async () => {
      const body = (await (await app.fetch("/api/v1/queue?status=PENDING")).json()) as any;
      expect(body.total).toBe(2);
      expect(body.priority_rule).toEqual({ aging_days: 3, formula: "votes + floor(days waiting / 3)" });
      expect(body.data.map((e: any) => [e.id, e.model, e.status, e.votes, e.priority, e.voted])).toEqual([
        [beta, "page-org/beta", "PENDING", 2, 2, false],
        [alpha, "page-org/alpha", "PENDING", 1, 1, false],
      ]);
      expect(body.data[0].submitted_at).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(body.data[0].history).toEqual([{ status: "PENDING", at: body.data[0].submitted_at, reason: null }]);
    });

    it("marks the asking user's votes", async () => {
      const body = (await (await app.fetch("/api/v1/queue", { headers: { cookie: kim.cookie } })).json()) as any;
      expect(body.data.map((e: any) => [e.model, e.voted])).toEqual([
        ["page-org/beta", true],
        ["page-org/alpha", true],
      ]);
    });

    it("shows N from QUEUE_AGING_DAYS", async () => {
      const body = (await (await app.fetch("/api/v1/queue", {}, { QUEUE_AGING_DAYS: "5" })).json()) as any;
      expect(body.priority_rule.aging_days).toBe(5);
    });
  });

  describe("errors", () => {
    it("refuses an unknown status with a 400 naming it", async () => {
      const res = await app.fetch("/api/v1/queue?status=LOST");
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("invalid_parameter");
      expect(body.error.details[0].path).toBe("status");
    });
  });
});

describe("/queue page", () => {
  describe("happy", () => {
    it("shows entries by priority, the aging rule, and vote buttons with the user's votes marked", async () => {
      const html = await (await app.fetch("/queue", { headers: { cookie: kim.cookie } })).text();
      expect(html).toContain("one extra vote for every 3 days waiting");
      expect(html.indexOf("page-org/beta")).toBeLessThan(html.indexOf("page-org/alpha"));
      expect(html).toContain(`action="/queue/${beta}/vote"`);
      expect(html).toMatch(/aria-pressed="true"[^>]*>✓ Voted — withdraw/);
      expect(html).toContain("Signed in as </span><strong>kim</strong>");
    });

    it("asks a signed-out visitor to sign in instead of showing vote forms", async () => {
      const html = await (await app.fetch("/queue")).text();
      expect(html).not.toContain(`action="/queue/${beta}/vote"`);
      expect(html).toContain("Sign in to vote");
      expect(html).toContain('href="/auth/login?return=%2Fqueue"');
    });

    it("a plain form POST votes and withdraws, then redirects back with a notice", async () => {
      const max = await signIn("max");
      const res = await app.fetch(`/queue/${alpha}/vote`, form(max, { action: "vote" }));
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/queue?notice=voted#${alpha}`);
      expect(await db.select().from(votes).where(eq(votes.userId, max.id))).toHaveLength(1);
      const again = await app.fetch(`/queue/${alpha}/vote`, form(max, { action: "vote" }));
      expect(again.headers.get("location")).toBe(`/queue?notice=conflict#${alpha}`);
      const html = await (await app.fetch("/queue?notice=conflict", { headers: { cookie: max.cookie } })).text();
      expect(html).toContain("Not recorded: you already voted for it, or it is no longer waiting.");
      const off = await app.fetch(`/queue/${alpha}/vote`, form(max, { action: "withdraw" }));
      expect(off.headers.get("location")).toBe(`/queue?notice=withdrawn#${alpha}`);
      expect(await db.select().from(votes).where(eq(votes.userId, max.id))).toEqual([]);
    });

    it("shows no text taken from the URL", async () => {
      const html = await (await app.fetch("/queue?notice=%3Cb%3Ehacked%3C%2Fb%3E")).text();
      expect(html).not.toContain("hacked");
    });
  });

  describe("auth", () => {
    it("refuses a cross-origin form vote (403) and sends a signed-out one to sign in", async () => {
      const ned = await signIn("ned");
      const res = await app.fetch(`/queue/${alpha}/vote`, form(ned, { action: "vote" }, "https://evil.example"));
      expect(res.status).toBe(403);
      expect(await db.select().from(votes).where(eq(votes.userId, ned.id))).toEqual([]);
      const anonymous = await app.fetch(`/queue/${alpha}/vote`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "action=vote",
      });
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get("location")).toBe("/auth/login?return=%2Fqueue");
    });
  });
});

describe("/submit page", () => {
  describe("happy", () => {
    it("shows the form to a signed-in user and queues a valid submission", async () => {
      const html = await (await app.fetch("/submit", { headers: { cookie: kim.cookie } })).text();
      expect(html).toContain('<form method="post" action="/submit"');
      const res = await app.fetch(
        "/submit",
        form(kim, {
          model: "form-org/ok",
          revision: "main",
          precision: "bfloat16",
          weight_type: "Original",
          model_type: "chat",
        }),
      );
      expect(res.status).toBe(303);
      const id = res.headers.get("location")!.split("#")[1]!;
      expect((await db.select().from(submissions).where(eq(submissions.id, id)).get())?.modelId).toBe("form-org/ok");
    });
  });

  describe("errors", () => {
    it("shows per-field errors for malformed fields, keeping the values typed", async () => {
      const res = await app.fetch(
        "/submit",
        form(kim, { model: "not a model id", precision: "fp3", model_type: "chat" }),
      );
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toMatch(/id="model-error"[^>]*>must be a Hub model id, org\/name</);
      expect(html).toContain('id="precision-error"');
      expect(html).toContain('value="not a model id"');
      expect(html).not.toContain('id="model_type-error"');
    });

    it("shows a failed Hub check next to its field, and Delta without a base model next to base_model", async () => {
      const res = await app.fetch(
        "/submit",
        form(kim, { model: "form-org/nolicense", precision: "bfloat16", model_type: "chat" }),
      );
      expect(res.status).toBe(422);
      expect(await res.text()).toMatch(/id="model-error"[^>]*>The model card declares no license</);
      const delta = await app.fetch(
        "/submit",
        form(kim, { model: "form-org/ok", precision: "float16", model_type: "chat", weight_type: "Delta" }),
      );
      expect(delta.status).toBe(422);
      expect(await delta.text()).toMatch(/id="base_model-error"[^>]*>Delta weights need base_model</);
    });

    it("shows a duplicate as a form-wide error", async () => {
      const res = await app.fetch(
        "/submit",
        form(kim, {
          model: "form-org/ok",
          revision: "main",
          precision: "bfloat16",
          weight_type: "Original",
          model_type: "chat",
        }),
      );
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("is already queued");
    });
  });

  describe("auth", () => {
    it("asks a signed-out visitor to sign in, and refuses a cross-origin form post", async () => {
      const html = await (await app.fetch("/submit")).text();
      expect(html).toContain('href="/auth/login?return=%2Fsubmit"');
      expect(html).not.toContain('action="/submit"');
      const res = await app.fetch("/submit", form(kim, { model: "form-org/other" }, "https://evil.example"));
      expect(res.status).toBe(403);
    });
  });
});

describe("sign-in state in the header", () => {
  it("names the signed-in user with a sign-out button on /account, /queue and /submit", async () => {
    for (const path of ["/account", "/queue", "/submit"]) {
      const html = await (await app.fetch(path, { headers: { cookie: kim.cookie } })).text();
      expect(html).toMatch(
        /<div class="account"><form method="post" action="\/auth\/logout"[^>]*><span><span class="wide">Signed in as <\/span><strong>kim<\/strong>/,
      );
    }
  });

  it("offers sign-in to a signed-out visitor, coming back to the same page", async () => {
    const html = await (await app.fetch("/account")).text();
    expect(html).toContain(
      '<div class="account"><a href="/auth/login?return=%2Faccount">Sign in<span class="wide"> with Hugging Face</span></a>',
    );
  });

  it("shared (cached) pages never name anyone: their header links to /account", async () => {
    const html = await (await app.fetch("/about", { headers: { cookie: kim.cookie } })).text();
    expect(html).toContain('<div class="account"><a href="/account">Account</a></div>');
    expect(html).not.toContain("kim");
  });
});
