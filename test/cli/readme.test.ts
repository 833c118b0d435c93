/**
 * The README's commands that talk to Podium (curl, podium-eval, python), extracted from its fenced blocks and run
 * as written, one command at a time as a user types them, in one shell session, against the built Worker served
 * as `npm start` serves it (.dev.vars.example's settings). Only the documented placeholders are filled in:
 * `$PODIUM` and `$ADMIN_TOKEN` (set in the session), `ev_...`, `whsec_...` and `whpk_...` from earlier answers,
 * `ORG__NAME` by the harness output the test lays out where the README says lm_eval writes it, and pandas' URL
 * `http://localhost:8787` by the served address.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, startAppServer, TEST_SECRETS, type AppServer } from "../../scripts/app-server";
import { queueEntry, queueSubmission, type Ran, runProcess } from "../support/evaluator-client";
import { harnessResults, uniformBbh } from "../support/harness";

const README = readFileSync(path.join(root, "README.md"), "utf8");
const PUSHED = "readme-org/pushed-7b";
const QUEUED = "readme-org/queued-7b";

/** The fenced blocks of one language, in order. */
function fenced(language: string): string[] {
  return [...README.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === language).map((m) => m[2]!);
}

/** A shell block's commands: continued lines joined, a `while … done` kept whole, comment lines dropped. */
function commands(block: string): string[] {
  const out: string[] = [];
  let current = "";
  let loop = false;
  for (const line of block.split("\n")) {
    if (!current && /^\s*(#|$)/.test(line)) continue;
    current += `${line}\n`;
    if (/^while\b/.test(line)) loop = true;
    if (loop ? /^done\b/.test(line) : !line.endsWith("\\")) {
      out.push(current.trimEnd());
      current = "";
      loop = false;
    }
  }
  return out;
}

/** A block that talks to Podium; all its commands run, the exports that set up the next ones included. */
const talksToPodium = (block: string) => /\$PODIUM\b|\bpodium-eval\b|podium_eval\.py|\bcurl\b/.test(block);

/** The settings `npm start` serves with: the non-empty lines of .dev.vars.example (secrets are the tests' own). */
function devVars(): Record<string, string> {
  const text = readFileSync(path.join(root, ".dev.vars.example"), "utf8");
  return Object.fromEntries(
    [...text.matchAll(/^([A-Z_]+)=(.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()] as [string, string]),
  );
}

interface Step extends Ran {
  command: string;
}

describe("the README's commands, run as written", () => {
  let server: AppServer;
  let dir: string;
  let queued: string;
  const steps: Step[] = [];
  const answers: Record<string, string> = {};

  /** Fills the documented placeholders; one without an earlier answer to fill it is an error. */
  function fill(command: string): string {
    const filled = command
      .replace(/\bORG__NAME\b/g, PUSHED.replace("/", "__"))
      .replace(/\b(ev|whsec|whpk)_\.\.\./g, (placeholder, kind: string) => {
        const value = answers[kind];
        if (!value) throw new Error(`${placeholder} before any answer gave one, in: ${command}`);
        return value;
      });
    return filled;
  }

  /** Runs one command in the session: what it exports stays exported for the next, as in a terminal. */
  async function run(command: string): Promise<Step> {
    const script = `set -eo pipefail\n. ./session.sh\n${fill(command)}\nexport -p > session.sh\n`;
    const ran = await bash(script, dir);
    const step = { command, ...ran };
    steps.push(step);
    const created = /^\{[\s\S]*\}$/m.test(ran.stdout) ? tryJson(ran.stdout) : null;
    // `ev_...` and `whsec_...` go together: the evaluator whose secret the README then signs with.
    if (typeof created?.id === "string" && typeof created.secret === "string") {
      answers.ev = created.id;
      answers.whsec = created.secret;
    }
    const publicKey = /\b(whpk_[A-Za-z0-9+/=]+)/.exec(ran.stdout)?.[1];
    if (publicKey && command.includes("keygen")) answers.whpk = publicKey;
    return step;
  }

  beforeAll(async () => {
    server = await startAppServer({ vars: devVars() });
    // A checkout of one's own, as the README assumes ("from a checkout after npm ci"), where lm_eval's `out/` goes.
    dir = mkdtempSync(path.join(tmpdir(), "podium-readme-"));
    for (const entry of ["package.json", "node_modules", "cli", "clients"]) {
      symlinkSync(path.join(root, entry), path.join(dir, entry));
    }
    const run = harnessResults({ model: PUSHED, bbh: uniformBbh(0.55), math: 0.3, mmlu_pro: 0.45 });
    mkdirSync(path.join(dir, "out", PUSHED.replace("/", "__")), { recursive: true });
    writeFileSync(
      path.join(dir, "out", PUSHED.replace("/", "__"), "results_2026-12-01T10-00-00.000000.json"),
      JSON.stringify(run, null, 2),
    );
    const bin = path.dirname(process.execPath);
    writeFileSync(
      path.join(dir, "session.sh"),
      `export PATH=${bin}:"$PATH" PODIUM=${server.url} ADMIN_TOKEN=${TEST_SECRETS.ADMIN_TOKEN}\n`,
    );
    // Something for the evaluator's loop to claim, queued as a signed-in user would.
    queued = await queueSubmission(server.url, "readme-user", QUEUED);
  });
  afterAll(() => server?.stop());

  it("runs every shell command that talks to Podium, in order, each exiting 0", async () => {
    const all = fenced("sh").filter(talksToPodium).flatMap(commands);
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const command of all) {
      const step = await run(command);
      expect(step.code, `${command}\n${step.stderr}`).toBe(0);
      expect(step.stdout, command).not.toContain('{"error":');
    }
  });

  it("answered the board reads with what the API holds", async () => {
    const step = (pattern: RegExp) => {
      const found = steps.find((s) => pattern.test(s.command));
      expect(found, String(pattern)).toBeDefined();
      return found!;
    };
    const api = async (url: string) => (await fetch(`${server.url}${url}`)).json() as Promise<any>;

    const top = (await api("/api/v1/leaderboard?limit=5")).data as any[];
    const lines = step(/leaderboard\?limit=5".*\| jq/)
      .stdout.trimEnd()
      .split("\n");
    expect(lines).toHaveLength(5);
    lines.forEach((line, i) => {
      const [rank, average, model] = line.split("\t");
      expect(Number(rank)).toBe(top[i].rank);
      expect(Number(average)).toBeCloseTo(top[i].average, 9);
      expect(model).toBe(top[i].model.id);
    });

    const qwen = (await api("/api/v1/leaderboard?search=qwen&types=chat&sort=mmlu_pro&limit=3")).data as any[];
    expect(qwen).toHaveLength(3);
    expect(
      step(/search=qwen/)
        .stdout.trimEnd()
        .split("\n"),
    ).toEqual(qwen.map((e) => e.model.id));

    const leader = await api("/api/v1/models/MaziyarPanahi/calme-3.2-instruct-78b");
    expect(JSON.parse(step(/calme-3\.2-instruct-78b" \| jq/).stdout)).toEqual(leader.evaluations[0].scores);

    // The card's six figures are the leader's normalized scores to the hundredth, its source the model's page.
    const [entry] = parseYaml(step(/model-index\.yaml/).stdout)["model-index"];
    expect(entry.name).toBe("calme-3.2-instruct-78b");
    const figures = entry.results.map((r: any) => r.metrics[0].value).sort((a: number, b: number) => a - b);
    const normalized = Object.values(leader.evaluations[0].scores as Record<string, { normalized: number }>)
      .map((s) => s.normalized)
      .sort((a, b) => a - b);
    expect(figures).toHaveLength(6);
    for (const [i, figure] of (figures as number[]).entries()) {
      expect(Math.abs(figure - normalized[i]!)).toBeLessThanOrEqual(0.005);
    }
    expect(entry.results[0].source.url).toBe(
      `${server.url}/models/MaziyarPanahi/calme-3.2-instruct-78b?precision=${leader.evaluations[0].precision}`,
    );
  });

  it("created both evaluators, pushed the run with both clients, and ran the evaluator's loop to its end", async () => {
    const listed = (await (
      await fetch(`${server.url}/api/v1/admin/evaluators`, {
        headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` },
      })
    ).json()) as any;
    const names = listed.data.map((e: any) => e.name);
    expect(names).toEqual(expect.arrayContaining(["my lab", "my other lab"]));
    expect(listed.data.find((e: any) => e.name === "my other lab").keys[0].scheme).toBe("v1a");

    const pushes = steps.filter((s) => / push out\/ORG__NAME/.test(s.command));
    expect(pushes.map((s) => s.command.split(" ")[0])).toEqual(["npx", "python3"]);
    for (const push of pushes) {
      expect(JSON.parse(push.stdout)).toMatchObject({ model_id: PUSHED, status: "ranked", evaluator_id: answers.ev });
    }
    const model = (await (await fetch(`${server.url}/api/v1/models/${PUSHED}`)).json()) as any;
    expect(model.evaluations.length).toBe(2);

    // The loop claimed the queued model and said it started; nothing ran lm_eval here, so the push found no
    // results file and the loop reported the failure with its reason, then ended when the queue was empty (4).
    const loop = steps.find((s) => s.command.startsWith("while "));
    expect(loop?.stdout).toMatch(/"type": ?"evaluation\.started"/);
    expect(await queueEntry(server.url, queued)).toMatchObject({ status: "FAILED", failure_reason: "push refused" });
  });

  it("reads the CSV as the pandas example does (with pandas when it imports, else Python's csv module)", async () => {
    const [example] = fenced("python").filter((b) => b.includes("pd.read_csv"));
    expect(example).toBeDefined();
    const url = /pd\.read_csv\("([^"]+)"\)/.exec(example!)![1]!.replace("http://localhost:8787", server.url);
    const board = (await (await fetch(`${server.url}/api/v1/leaderboard?limit=1`)).json()) as any;
    const columns = /board\[\[([^\]]+)\]\]/
      .exec(example!)![1]!
      .match(/"([^"]+)"/g)!
      .map((c) => c.slice(1, -1));
    const hasPandas = (await runProcess("python3", ["-c", "import pandas"])).code === 0;
    if (hasPandas) {
      const ran = await runProcess("python3", ["-c", example!.replace("http://localhost:8787", server.url)]);
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.stdout).toContain(board.data[0].model.id);
    }
    // The same file through the csv module: the example's columns exist and the rows are the board's.
    const read = execFileSync(
      "python3",
      [
        "-c",
        "import csv, io, json, sys, urllib.request\n" +
          "rows = list(csv.DictReader(io.TextIOWrapper(urllib.request.urlopen(sys.argv[1]), encoding='utf-8')))\n" +
          "print(json.dumps({'n': len(rows), 'columns': list(rows[0]), 'first': rows[0]}))",
        url,
      ],
      { encoding: "utf8" },
    );
    const csv = JSON.parse(read);
    expect(csv.n).toBe(board.total);
    expect(csv.columns).toEqual(expect.arrayContaining(columns));
    expect(csv.first.model).toBe(board.data[0].model.id);
    expect(Number(csv.first.average)).toBeCloseTo(board.data[0].average, 6);
  });
});

/** Runs a bash script with no stdin (a closed stdin, so nothing waits on it); never rejects. */
function bash(script: string, cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", script], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function tryJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
