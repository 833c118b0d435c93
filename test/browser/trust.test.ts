/**
 * Trust in Chromium: the moderation log, an evaluator's page and a model page with a disputed run render with
 * their statuses visible, from runs pushed to the served app as evaluators push them (Standard Webhooks signed).
 */
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { TEST_SECRETS } from "../../scripts/test-secrets";
import { appInBrowser, chromePath } from "../support/browser";
import { createEvaluator } from "../support/evaluator-client";
import { completedEvent, harnessResults } from "../support/harness";

const MODEL = "browser-trust/model-7b";
let sent = 0;

/** Pushes a full run of MODEL with this raw MMLU-Pro score, signed with the evaluator's secret. */
async function push(url: string, ev: { id: string; secret?: string }, mmluPro: number) {
  const body = JSON.stringify(completedEvent(harnessResults({ model: MODEL, mmlu_pro: mmluPro })));
  const id = `msg_browser_trust_${++sent}`;
  const now = new Date();
  const res = await fetch(`${url}/api/v1/evaluators/${ev.id}/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(ev.secret!).sign(id, now, body),
    },
    body,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { evaluation_id: string; verification: string };
}

describe.skipIf(!chromePath)("trust pages in Chromium", () => {
  const app = appInBrowser({ seed: false });

  it("shows the moderation log, an evaluator's disputed run, and a model page's disputed run with its differences", async () => {
    const url = app.server.url;
    const labs = [];
    for (const name of ["first lab", "second lab", "outlier lab"]) {
      labs.push(await createEvaluator(url, { name, trust: "community" }));
    }
    const [a, b, c] = labs as [(typeof labs)[0], (typeof labs)[0], (typeof labs)[0]];
    // MMLU-Pro normalizes as (raw − 0.1) / 0.9 × 100: 0.305 is 0.56 points from 0.3, 0.33 is 3.33 points away.
    const first = await push(url, a, 0.3);
    expect((await push(url, b, 0.305)).verification).toBe("reproduced");
    const outlier = await push(url, c, 0.33);
    expect(outlier.verification).toBe("disputed");
    const trust = await fetch(`${url}/api/v1/admin/evaluators/${a.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ trust: "trusted", reason: "a fixed cluster the admins audited" }),
    });
    expect(trust.status).toBe(200);

    const page = await app.browser.newPage();
    await page.goto(`${url}/moderation`);
    const change = page.locator('tr[data-action="evaluator.trust_changed"]');
    await expect(change.isVisible()).resolves.toBe(true);
    await expect(change.textContent()).resolves.toContain("a fixed cluster the admins audited");
    await expect(page.locator('tr[data-action="evaluator.created"]').count()).resolves.toBe(3);

    await page.goto(`${url}/evaluators/${c.id}`);
    await expect(page.locator("h1").textContent()).resolves.toBe("outlier lab");
    const run = page.locator(`tr[data-verification="disputed"]`);
    await expect(run.isVisible()).resolves.toBe(true);
    await expect(run.locator("td.verification-disputed").textContent()).resolves.toBe("disputed");

    await page.goto(`${url}/models/${MODEL}`);
    const section = page.locator(`section[aria-labelledby="evaluation-${outlier.evaluation_id}"]`);
    await expect(section.locator("h2 .verification-disputed").isVisible()).resolves.toBe(true);
    const comparison = section.locator("table.comparisons tbody tr", { hasText: first.evaluation_id });
    await expect(comparison.isVisible()).resolves.toBe(true);
    await expect(comparison.textContent()).resolves.toContain("disagrees");
    await expect(comparison.textContent()).resolves.toContain("+3.33");
    const shown = page.locator(`section[aria-labelledby="evaluation-${first.evaluation_id}"] h2`);
    // Rank 1 with its rank range (1–1 on a board of one row), of 1, then its verification.
    await expect(shown.textContent()).resolves.toMatch(/rank 1\s*1–1\s*of 1 · reproduced/);
    await page.close();
  });
});
