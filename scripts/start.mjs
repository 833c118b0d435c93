// `npm start`: checks Node, makes .dev.vars on first run, applies migrations, seeds the demo data when the
// local D1 is empty, then serves Podium with `wrangler dev` on http://localhost:${PORT:-8787}.
import "./check-node.mjs";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules/.bin", name);
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
const port = process.env.PORT ?? "8787";
if (!/^\d+$/.test(port)) {
  console.error(`PORT must be a number, not "${port}".`);
  process.exit(1);
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} ${args.join(" ")} failed (${signal ?? code})`)),
    );
  });
}

function ensureDevVars() {
  const file = path.join(root, ".dev.vars");
  if (existsSync(file)) return;
  const template = readFileSync(path.join(root, ".dev.vars.example"), "utf8");
  const filled = template.replace(/^(ADMIN_TOKEN|SESSION_SECRET|EVALUATOR_SECRETS_KEY)=$/gm, (_, name) => {
    return `${name}=${randomBytes(32).toString("base64url")}`;
  });
  writeFileSync(file, filled, { mode: 0o600 });
  console.log(`Created ${file} with a random ADMIN_TOKEN (the admin API's bearer token) and local secrets.`);
}

try {
  ensureDevVars();
  await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local"]);
  await run(bin("tsx"), ["scripts/seed.ts"]);
  console.log(`Starting Podium on http://localhost:${port}`);
  await run(bin("wrangler"), ["dev", "--port", port, "--show-interactive-dev-session=false"]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
