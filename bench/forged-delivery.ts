/**
 * What a forged 16 MiB delivery costs: the events endpoint's own steps (worker/edge/signed-request.ts)
 * run in Node on a body streamed in 64 KiB chunks with 16 fake `v1` signatures, against an evaluator in the
 * middle of a rotation (two HMAC keys), and with two fake `v1a` signatures against an Ed25519 key. Passes over
 * the body are counted on WebCrypto itself; memory is the growth of ArrayBuffer bytes (the body's home) and of
 * the V8 heap over a baseline, sampled every millisecond, once the body is read and around every crypto call
 * (peak: garbage included; held: after a full GC); CPU is the process's, WebCrypto's worker threads included.
 * For comparison it also times what the verifier did before: one HMAC per entry per key.
 * `npx tsx bench/forged-delivery.ts` prints the figures as JSON.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  generateEd25519KeyPair,
  generateHmacSecret,
  parseEd25519PublicKey,
  parseHmacSecret,
  parseSignatureHeader,
  readSignedContent,
  signedPrefix,
  verifySignatures,
  type Bytes,
  type VerifyKey,
} from "../worker/domain/signatures";
import { toBase64 } from "../worker/domain/encoding";

const MiB = 1024 * 1024;
/** worker/edge/signed-request.ts MAX_DELIVERY_BYTES (bench/ imports domain/ only). */
const MAX_DELIVERY_BYTES = 16 * MiB;
const CHUNK = 64 * 1024;

let collect: (() => void) | undefined;
/** A full GC (V8's `gc`, exposed on first use). */
function gc(): void {
  if (!collect) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
}

export interface ForgedCase {
  name: string;
  bodyBytes: number;
  keys: number;
  signatures: number;
  /** HMAC or Ed25519 passes over the body, per key (the most any key made). */
  passesPerKey: number;
  cpuMs: number;
  wallMs: number;
  /** Peak growth of ArrayBuffer memory over the baseline, in multiples of the body size. */
  peakArrayBuffers: number;
  /** The same after a full GC, before each crypto call: what the code holds, not garbage not yet swept. */
  heldArrayBuffers: number;
  /** Peak growth of the V8 heap, MiB. */
  heapMiB: number;
  /** CPU of the old verifier's work on the same body (one HMAC per entry per key), when it applies. */
  before?: { passesPerKey: number; cpuMs: number };
}

export interface ForgedDelivery {
  cases: ForgedCase[];
}

const randomEntry = (scheme: "v1" | "v1a") =>
  `${scheme},${toBase64(crypto.getRandomValues(new Uint8Array(scheme === "v1" ? 32 : 64)))}`;

/** A 16 MiB JSON body arriving as the network delivers it: fresh 64 KiB chunks, no Content-Length when `chunked`. */
function network(source: Bytes): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= source.length) return controller.close();
      controller.enqueue(source.slice(at, at + CHUNK));
      at += CHUNK;
    },
  });
}

/** A full GC, twice around a pause: V8 frees ArrayBuffer memory on a background sweeper, after the GC itself. */
async function settle(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
}

/** Wraps WebCrypto's sign/verify/importKey to count passes per key and sample memory at each call. */
function instrument(minBytes: number, sample: () => void, held: () => Promise<void>) {
  const subtle = crypto.subtle;
  const original = { sign: subtle.sign, verify: subtle.verify, importKey: subtle.importKey };
  const keyIds = new WeakMap<CryptoKey, number>();
  const passes = new Map<number, number>();
  let imported = 0;
  const count = (key: CryptoKey, data: BufferSource) => {
    if (data.byteLength < minBytes) return;
    const id = keyIds.get(key) ?? -1;
    passes.set(id, (passes.get(id) ?? 0) + 1);
  };
  const keyMaterial = new Map<string, number>();
  Object.assign(subtle, {
    importKey: async (...args: Parameters<SubtleCrypto["importKey"]>) => {
      const key = await (original.importKey as (...a: typeof args) => Promise<CryptoKey>).apply(subtle, args);
      const view = args[1] as ArrayBufferView;
      const material = toBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength) as Bytes);
      if (!keyMaterial.has(material)) keyMaterial.set(material, imported++);
      keyIds.set(key, keyMaterial.get(material)!);
      return key;
    },
    sign: async (algorithm: AlgorithmIdentifier, key: CryptoKey, data: BufferSource) => {
      count(key, data);
      await held();
      const result = original.sign.call(subtle, algorithm, key, data);
      sample();
      return result;
    },
    verify: async (algorithm: AlgorithmIdentifier, key: CryptoKey, signature: BufferSource, data: BufferSource) => {
      count(key, data);
      await held();
      const result = original.verify.call(subtle, algorithm, key, signature, data);
      sample();
      return result;
    },
  });
  return {
    passesPerKey: () => Math.max(0, ...passes.values()),
    restore: () => Object.assign(subtle, original),
  };
}

/** The endpoint's steps after the evaluator's keys are known: parse the header, read the body, verify. */
async function steps(
  header: string,
  keys: VerifyKey[],
  source: Bytes,
  chunked: boolean,
  afterRead: () => Promise<void>,
) {
  const webhookId = `msg_forged_${crypto.randomUUID()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const parsed = parseSignatureHeader(header);
  if ("problem" in parsed) throw new Error(parsed.problem);
  const read = await readSignedContent(
    network(source),
    signedPrefix(webhookId, timestamp),
    chunked ? null : source.length,
    MAX_DELIVERY_BYTES,
  );
  if ("problem" in read) throw new Error(read.problem);
  await afterRead();
  if ((await verifySignatures(parsed.entries, keys, read.content)) !== null)
    throw new Error("a forged signature verified");
}

/** One forged delivery, twice: timed and counted as it runs, then again sampling memory (GC pauses included). */
async function measure(
  name: string,
  header: string,
  keys: VerifyKey[],
  source: Bytes,
  chunked: boolean,
): Promise<ForgedCase> {
  await settle();
  const idle = () => Promise.resolve();
  const counted = instrument(MiB, () => undefined, idle);
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    await steps(header, keys, source, chunked, idle);
  } finally {
    counted.restore();
  }
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - start;

  await settle();
  const base = process.memoryUsage();
  let peak = { arrayBuffers: 0, heap: 0 };
  let kept = 0;
  const sample = () => {
    const now = process.memoryUsage();
    peak = {
      arrayBuffers: Math.max(peak.arrayBuffers, now.arrayBuffers - base.arrayBuffers),
      heap: Math.max(peak.heap, now.heapUsed - base.heapUsed),
    };
  };
  const held = async () => {
    // Before the GC: chunks already copied are garbage but still counted, as they are in an isolate.
    sample();
    await settle();
    kept = Math.max(kept, process.memoryUsage().arrayBuffers - base.arrayBuffers);
  };
  const timer = setInterval(sample, 1);
  const sampled = instrument(MiB, sample, held);
  try {
    await steps(header, keys, source, chunked, held);
  } finally {
    clearInterval(timer);
    sampled.restore();
  }
  return {
    name,
    bodyBytes: source.length,
    keys: keys.length,
    signatures: header.split(" ").length,
    passesPerKey: counted.passesPerKey(),
    cpuMs: (used.user + used.system) / 1000,
    wallMs,
    peakArrayBuffers: peak.arrayBuffers / source.length,
    heldArrayBuffers: kept / source.length,
    heapMiB: peak.heap / MiB,
  };
}

/** The old verifier's cost on the same content: an HMAC verify per entry per key. */
async function perEntryCost(
  entries: number,
  secrets: Bytes[],
  content: Bytes,
): Promise<{ passesPerKey: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < entries; i++) {
    for (const secret of secrets) {
      const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
      await crypto.subtle.verify("HMAC", key, crypto.getRandomValues(new Uint8Array(32)), content);
    }
  }
  const used = process.cpuUsage(cpu);
  return { passesPerKey: entries, cpuMs: (used.user + used.system) / 1000 };
}

/** The forged-delivery figures: two HMAC keys × 16 fake signatures (with and without Content-Length), Ed25519. */
export async function measureForgedDelivery(): Promise<ForgedDelivery> {
  const text = `{"pad":"${"x".repeat(MAX_DELIVERY_BYTES - 10)}"}`;
  const source = new TextEncoder().encode(text);
  const secrets = [parseHmacSecret(generateHmacSecret())!, parseHmacSecret(generateHmacSecret())!];
  const hmacKeys: VerifyKey[] = secrets.map((secret) => ({ scheme: "v1", secret }));
  const sixteen = Array.from({ length: 16 }, () => randomEntry("v1")).join(" ");
  const ed25519: VerifyKey = {
    scheme: "v1a",
    publicKey: parseEd25519PublicKey((await generateEd25519KeyPair()).publicKey)!,
  };

  const declared = await measure("16 fake v1, 2 HMAC keys, Content-Length", sixteen, hmacKeys, source, false);
  declared.before = await perEntryCost(16, secrets, source);
  const cases = [
    declared,
    await measure("16 fake v1, 2 HMAC keys, chunked (no Content-Length)", sixteen, hmacKeys, source, true),
    await measure(
      "2 fake v1a (the cap), 1 Ed25519 key",
      `${randomEntry("v1a")} ${randomEntry("v1a")}`,
      [ed25519],
      source,
      false,
    ),
  ];
  return { cases };
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/** The figures as a Markdown table, for BENCHMARKS.md. */
export function forgedTable(result: ForgedDelivery): string[] {
  return [
    "| Delivery | Passes over the body per key | CPU, ms | ArrayBuffers held / peak | V8 heap peak, MiB |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...result.cases.map(
      (c) =>
        `| ${c.name} | ${c.passesPerKey}${c.before ? ` (before: ${c.before.passesPerKey})` : ""} | ` +
        `${ms(c.cpuMs)}${c.before ? ` (before: ${ms(c.before.cpuMs)})` : ""} | ` +
        `${c.heldArrayBuffers.toFixed(2)}× / ${c.peakArrayBuffers.toFixed(2)}× | ${c.heapMiB.toFixed(1)} |`,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureForgedDelivery();
  process.stdout.write(`${forgedTable(result).join("\n")}\n\n${JSON.stringify(result, null, 2)}\n`);
}
