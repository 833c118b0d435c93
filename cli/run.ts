/** The `podium-eval` process: the command line in, the exit code out. Runs on Node 18 and newer. */
import { webcrypto } from "node:crypto";
import { main } from "./podium-eval";

// Node 18 has WebCrypto only as node:crypto's `webcrypto`; from Node 19 on it is also `globalThis.crypto`.
if (!globalThis.crypto) Object.defineProperty(globalThis, "crypto", { value: webcrypto, configurable: true });

process.exitCode = await main(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
