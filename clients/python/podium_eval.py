#!/usr/bin/env python3
"""podium-eval for Python: the Podium evaluator's client on the standard library alone (Python 3.9 or newer).

The same commands, options, environment variables, retries and exit codes as the Node client (cli/ in the
Podium repository): ``push`` sends an lm-evaluation-harness results file, unchanged, as a signed
``evaluation.completed`` message; ``claim`` takes a job from the queue; ``started`` and ``failed`` report on it;
``keygen`` makes an Ed25519 key pair. Messages are signed with Standard Webhooks (standardwebhooks.com):
HMAC-SHA256 for a ``whsec_`` secret with ``hmac``/``hashlib``, Ed25519 for a ``whsk_`` key when the
``cryptography`` package can be imported.

    python3 podium_eval.py push out/ORG__NAME/results_2025-01-01T00-00-00.json --url https://podium.example
"""
from __future__ import annotations

import argparse
import base64
import binascii
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Mapping, NamedTuple, Optional, Sequence

VERSION = "0.2.0"

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_NOTHING_WAITS = 4

DEFAULT_ATTEMPTS = 6
# No single wait is longer, whatever Retry-After asks, so a run gives up in minutes rather than hours.
MAX_WAIT_SECONDS = 60.0
# Generous: a push can carry a results file of several MiB over a slow uplink.
ATTEMPT_TIMEOUT_SECONDS = 120.0
PRECISIONS = ("bfloat16", "float16", "8bit", "4bit", "GPTQ")

ED25519_MISSING = (
    "a whsk_ (Ed25519) key needs the Python package cryptography (pip install cryptography); "
    "the standard library alone signs with a whsec_ (HMAC) secret"
)

EPILOG = f"""\
options of push, claim, started and failed (each also from the environment):
  --url <base>        Podium's base URL                                 PODIUM_URL
  --evaluator <id>    your evaluator id (ev_...)                        PODIUM_EVALUATOR
  --secret <key>      whsec_... (HMAC) or whsk_... (Ed25519) key        PODIUM_EVALUATOR_SECRET
                      (the variable keeps it out of shell history and the process list)
  --attempts <n>      attempts in all before giving up (default {DEFAULT_ATTEMPTS})

push reads the model id, revision and precision from the results file (config.model_args pretrained=,
config.model_sha, config.model_dtype, load_in_4bit/load_in_8bit) unless --model, --revision or --precision
say otherwise. Network errors, 5xx and 429 answers are retried with exponential backoff, or after the
server's Retry-After (at most {MAX_WAIT_SECONDS:.0f} s), under the same webhook-id, so Podium acts on the message
once. Progress and retries are reported on stderr, the server's JSON answer is printed on stdout.

exit codes:
  0  accepted (claim: a job, printed as JSON)
  1  refused by the server (a 4xx answer); its message on stderr
  2  usage or input error: a bad option, an unreadable results file, an unusable secret
  3  the server was unreachable, or answered 5xx or 429, on every attempt
  4  claim: nothing waits in the queue (204)
"""


class UsageError(Exception):
    """A problem the user fixes locally (exit code 2)."""


class Unreachable(Exception):
    """The server could not be reached on any attempt (exit code 3)."""


class Delivered(NamedTuple):
    status: int
    body: Any
    webhook_id: str
    attempts: int


# Signing (Standard Webhooks v1 and v1a)


def _key_bytes(value: str, prefix: str) -> Optional[bytes]:
    if not value.startswith(prefix):
        return None
    try:
        return base64.b64decode(value[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        return None


def parse_hmac_secret(secret: str) -> Optional[bytes]:
    """The key bytes of a ``whsec_`` secret (24-64 bytes); None when it is not one."""
    key = _key_bytes(secret, "whsec_")
    return key if key is not None and 24 <= len(key) <= 64 else None


def parse_ed25519_secret_key(secret: str) -> Optional[bytes]:
    """The 32-byte seed of a ``whsk_`` key (the seed alone, or libsodium's seed+public); None when not one."""
    key = _key_bytes(secret, "whsk_")
    return key[:32] if key is not None and len(key) in (32, 64) else None


def _ed25519() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise UsageError(ED25519_MISSING) from None
    return ed25519


def check_secret(secret: str) -> None:
    """Raises UsageError unless ``secret`` is a key this client can sign with here."""
    if parse_hmac_secret(secret) is not None:
        return
    if parse_ed25519_secret_key(secret) is None:
        raise UsageError("the secret must be a whsec_ (HMAC) or whsk_ (Ed25519) key")
    _ed25519()


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` entry over ``id.timestamp.body``: ``v1,<HMAC>`` or ``v1a,<Ed25519>``."""
    content = f"{webhook_id}.{timestamp}.".encode() + body
    key = parse_hmac_secret(secret)
    if key is not None:
        return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    seed = parse_ed25519_secret_key(secret)
    if seed is None:
        raise UsageError("the secret must be a whsec_ (HMAC) or whsk_ (Ed25519) key")
    private_key = _ed25519().Ed25519PrivateKey.from_private_bytes(seed)
    return "v1a," + base64.b64encode(private_key.sign(content)).decode()


def keygen() -> Dict[str, str]:
    """A fresh Ed25519 pair: ``whsk_`` (seed and public key, libsodium's layout) and ``whpk_``."""
    ed25519 = _ed25519()
    from cryptography.hazmat.primitives import serialization

    private_key = ed25519.Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    seed = private_key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = private_key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    return {
        "secret_key": "whsk_" + base64.b64encode(seed + public).decode(),
        "public_key": "whpk_" + base64.b64encode(public).decode(),
    }


# Reading a results file, as the server does (worker/domain/harness.ts)


def parse_model_args(model_args: Any) -> Dict[str, str]:
    """``pretrained=org/name,revision=x,dtype=bfloat16`` (or the dict form) as a dict of strings."""
    if isinstance(model_args, dict):
        return {str(k): str(v) for k, v in model_args.items()}
    if not isinstance(model_args, str):
        return {}
    out: Dict[str, str] = {}
    for part in model_args.split(","):
        eq = part.find("=")
        if eq > 0:
            out[part[:eq].strip()] = part[eq + 1:].strip()
    return out


def _truthy(value: Optional[str]) -> bool:
    return value is not None and re.fullmatch(r"true|1|yes", value, re.IGNORECASE) is not None


def _first(*values: Optional[str]) -> Optional[str]:
    return next((v for v in values if v is not None), None)


def precision_of(args: Mapping[str, str], model_dtype: Optional[str]) -> Optional[str]:
    """The leaderboard precision of a run from its model arguments and dtype; None when not one of ours."""
    if _truthy(args.get("load_in_4bit")):
        return "4bit"
    if _truthy(args.get("load_in_8bit")):
        return "8bit"
    if _truthy(args.get("autogptq")) or _truthy(args.get("gptqmodel")):
        return "GPTQ"
    dtype = re.sub(r"^torch\.", "", _first(args.get("dtype"), args.get("torch_dtype"), model_dtype) or "")
    if dtype in ("bfloat16", "bf16"):
        return "bfloat16"
    if dtype in ("float16", "half", "fp16"):
        return "float16"
    return None


def run_identity(results: Any, overrides: Optional[Mapping[str, Optional[str]]] = None) -> Dict[str, Optional[str]]:
    """The model id, revision and precision the server will read from the file, after the overrides."""
    overrides = overrides or {}
    lm = results if isinstance(results, dict) else {}
    config = lm.get("config") if isinstance(lm.get("config"), dict) else {}
    args = parse_model_args(config.get("model_args"))

    def text(value: Any) -> Optional[str]:
        return value if isinstance(value, str) and value else None

    return {
        "id": _first(overrides.get("id"), args.get("pretrained"), text(lm.get("model_name"))),
        "revision": _first(overrides.get("revision"), text(config.get("model_sha")), args.get("revision")),
        "precision": _first(overrides.get("precision"), precision_of(args, text(config.get("model_dtype")))),
    }


def parse_hardware(text: str) -> Dict[str, Any]:
    """``8xH100`` -> {"gpu": "H100", "count": 8}; a bare GPU name counts one."""
    match = re.match(r"^\s*(\d+)\s*[x×*]\s*(\S.*?)\s*$", text, re.IGNORECASE)
    if match:
        return {"gpu": match.group(2), "count": int(match.group(1))}
    if not text.strip():
        raise UsageError("--hardware is empty")
    return {"gpu": text.strip(), "count": 1}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def message_body(results_text: str, model: Optional[Mapping[str, Optional[str]]] = None,
                 job_id: Optional[str] = None, hardware: Optional[Mapping[str, Any]] = None) -> str:
    """The ``evaluation.completed`` body with the results file's text embedded unchanged as ``data.lm_eval``."""
    json.loads(results_text)
    given = {k: v for k, v in (model or {}).items() if v is not None}
    extra: Dict[str, Any] = {}
    if given:
        extra["model"] = given
    if job_id:
        extra["job_id"] = job_id
    if hardware:
        extra["hardware"] = dict(hardware)
    tail = "".join(f",{_json(k)}:{_json(v)}" for k, v in extra.items())
    head = _json({"type": "evaluation.completed", "timestamp": _now_iso()})[:-1]
    return f'{head},"data":{{"lm_eval":{results_text.strip()}{tail}}}}}'


def event_body(event_type: str, data: Mapping[str, str]) -> str:
    """A started/failed message."""
    return _json({"type": event_type, "timestamp": _now_iso(), "data": dict(data)})


# Delivery with retries


def retryable(status: int) -> bool:
    """Whether an answer is worth another attempt: the server (or a proxy before it) was unavailable or busy."""
    return status >= 500 or status == 429


def retry_after_seconds(header: Optional[str], now: float) -> Optional[float]:
    """Retry-After (delay-seconds or an HTTP-date) in seconds from ``now``; None when absent or unreadable."""
    if not header:
        return None
    text = header.strip()
    if re.fullmatch(r"\d+", text):
        return float(text)
    try:
        at = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if at is None:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return max(0.0, at.timestamp() - now)


def describe_error(status: int, body: Any) -> str:
    """The server's error in one line (and its details below), from the standard error envelope."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not error.get("message"):
        shown = body[:500] if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
        return f"HTTP {status}: {shown}"
    details = error.get("details")
    lines = ""
    if isinstance(details, list):
        lines = "".join(
            f"\n  {d.get('path', '') if isinstance(d, dict) else ''}: {d.get('message', '') if isinstance(d, dict) else ''}"
            for d in details
        )
    return f"HTTP {status} {error.get('code')}: {error['message']}{lines}"


def _parse_answer(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        # A non-JSON answer (a proxy's error page) is reported as text.
        return text


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would turn the signed POST into a GET without its body: report it instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(endpoint: str, body: bytes, headers: Mapping[str, str]) -> "tuple[int, Any, Optional[str]]":
    """One attempt: (status, parsed answer, Retry-After). Network errors raise OSError or HTTPException."""
    request = urllib.request.Request(endpoint, data=body, method="POST", headers=dict(headers))
    try:
        with _OPENER.open(request, timeout=ATTEMPT_TIMEOUT_SECONDS) as response:
            return response.status, _parse_answer(response.read()), None
    except urllib.error.HTTPError as err:
        answer: Any = _parse_answer(err.read())
        if 300 <= err.code < 400:
            answer = f"redirect to {err.headers.get('location')} (give the final URL as --url)"
        return err.code, answer, err.headers.get("retry-after")


def _network_reason(err: Exception) -> str:
    cause = err.reason if isinstance(err, urllib.error.URLError) else err
    return str(cause) or type(cause).__name__


def deliver(endpoint: str, secret: str, body: bytes, attempts: int = DEFAULT_ATTEMPTS, base_delay: float = 1.0,
            notice: Callable[[str], None] = lambda _: None, webhook_id: Optional[str] = None) -> Delivered:
    """Posts the body signed with ``secret`` until an answer not worth retrying, or the last attempt.

    Network errors, 5xx and 429 are retried with exponential backoff (or after Retry-After, capped) under the
    same webhook-id and body, each attempt signed with a fresh timestamp.
    """
    webhook_id = webhook_id or f"msg_{uuid.uuid4()}"
    backoff = base_delay
    attempt = 0
    while True:
        attempt += 1
        notice(f"POST {endpoint} (attempt {attempt}/{attempts}, webhook-id {webhook_id})")
        # A fresh timestamp per attempt keeps a late retry inside the 5-minute tolerance.
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "user-agent": f"podium-eval/{VERSION} python/{sys.version_info[0]}.{sys.version_info[1]}",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, webhook_id, timestamp, body),
        }
        asked: Optional[float] = None
        try:
            status, answer, retry_after = _post(endpoint, body, headers)
        except (OSError, http.client.HTTPException) as err:
            reason = f"network error: {_network_reason(err)}"
            if attempt >= attempts:
                raise Unreachable(f"gave up after {attempt} attempts: {reason}") from None
        else:
            if not retryable(status) or attempt >= attempts:
                return Delivered(status, answer, webhook_id, attempt)
            reason = describe_error(status, answer)
            asked = retry_after_seconds(retry_after, time.time())
        wait = min(asked if asked is not None else backoff + random.uniform(0, backoff / 4), MAX_WAIT_SECONDS)
        notice(f"{reason}; retrying in {wait:.1f} s")
        time.sleep(wait)
        backoff *= 2


# The commands


class Target(NamedTuple):
    url: str
    evaluator: str
    secret: str
    attempts: int = DEFAULT_ATTEMPTS
    base_delay: float = 1.0
    notice: Callable[[str], None] = lambda _: None


def _send(target: Target, path: str, body: str) -> Delivered:
    base = f"{target.url.rstrip('/')}/api/v1/evaluators/{urllib.parse.quote(target.evaluator, safe='')}"
    return deliver(f"{base}/{path}", target.secret, body.encode("utf-8"), target.attempts, target.base_delay,
                   target.notice)


def push(target: Target, file: str, model: Optional[Mapping[str, Optional[str]]] = None,
         job_id: Optional[str] = None, hardware: Optional[Mapping[str, Any]] = None) -> Delivered:
    """Pushes a results file as ``evaluation.completed``."""
    try:
        with open(file, "rb") as f:
            results_text = f.read().decode("utf-8")
        results = json.loads(results_text)
    except (OSError, ValueError) as err:
        raise UsageError(f"cannot read {file}: {err}") from None
    run = run_identity(results, model)
    target.notice(
        f"{file}: model {run['id'] or '(none)'}, revision {run['revision'] or '(none)'}, "
        f"precision {run['precision'] or '(none)'}"
    )
    return _send(target, "events", message_body(results_text, model, job_id, hardware))


def claim(target: Target, gpu: Optional[str] = None) -> Delivered:
    """Claims the highest-priority waiting job (200), or learns that nothing waits (204)."""
    return _send(target, "jobs/claim", _json({} if gpu is None else {"gpu": gpu}))


def started(target: Target, job_id: str) -> Delivered:
    """Reports that the claimed job's run began (this renews its lease)."""
    return _send(target, "events", event_body("evaluation.started", {"job_id": job_id}))


def failed(target: Target, job_id: str, reason: str) -> Delivered:
    """Reports that the claimed job's run failed, with a reason everyone can read."""
    return _send(target, "events", event_body("evaluation.failed", {"job_id": job_id, "reason": reason}))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="podium-eval",
        description=f"podium-eval {VERSION}: push lm-evaluation-harness results to Podium, "
                    "and take jobs from its queue",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", "-V", action="version", version=VERSION)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", help="Podium's base URL (or PODIUM_URL)")
    common.add_argument("--evaluator", help="your evaluator id, ev_... (or PODIUM_EVALUATOR)")
    common.add_argument("--secret", help="whsec_... or whsk_... key (better: PODIUM_EVALUATOR_SECRET)")
    common.add_argument("--attempts", type=int, default=DEFAULT_ATTEMPTS,
                        help=f"attempts in all before giving up (default {DEFAULT_ATTEMPTS})")
    commands = parser.add_subparsers(dest="command", metavar="{push,claim,started,failed,keygen}")
    push_parser = commands.add_parser("push", parents=[common], help="push a results file")
    push_parser.add_argument("results", help="the harness's results_<timestamp>.json")
    push_parser.add_argument("--model", help="org/name, instead of the file's")
    push_parser.add_argument("--revision", help="the commit, instead of the file's")
    push_parser.add_argument("--precision", choices=PRECISIONS, help="instead of the file's")
    push_parser.add_argument("--job", help="the claimed job this run is for")
    push_parser.add_argument("--hardware", help='e.g. "8xH100"')
    claim_parser = commands.add_parser("claim", parents=[common], help="take the next job from the queue")
    claim_parser.add_argument("--gpu", help="the GPU this evaluator has, e.g. H100")
    started_parser = commands.add_parser("started", parents=[common], help="report that a job's run began")
    started_parser.add_argument("--job", required=True)
    failed_parser = commands.add_parser("failed", parents=[common], help="report that a job's run failed")
    failed_parser.add_argument("--job", required=True)
    failed_parser.add_argument("--reason", required=True)
    commands.add_parser("keygen", help="make an Ed25519 key pair (needs the cryptography package)")
    return parser


def _required(value: Optional[str], what: str) -> str:
    if not value:
        raise UsageError(f"{what} is required")
    return value


def _target(args: argparse.Namespace, env: Mapping[str, str], notice: Callable[[str], None]) -> Target:
    secret = _required(args.secret or env.get("PODIUM_EVALUATOR_SECRET"), "--secret (or PODIUM_EVALUATOR_SECRET)")
    check_secret(secret)
    if not 1 <= args.attempts <= 999:
        raise UsageError("--attempts must be a whole number from 1 to 999")
    return Target(
        url=_required(args.url or env.get("PODIUM_URL"), "--url (or PODIUM_URL)"),
        evaluator=_required(args.evaluator or env.get("PODIUM_EVALUATOR"), "--evaluator (or PODIUM_EVALUATOR)"),
        secret=secret,
        attempts=args.attempts,
        notice=notice,
    )


def main(argv: Optional[Sequence[str]] = None, env: Optional[Mapping[str, str]] = None) -> int:
    """Runs the command line; returns the process exit code."""
    env = os.environ if env is None else env
    args = _parser().parse_args(argv)

    def err(text: str) -> None:
        print(f"podium-eval: {text}", file=sys.stderr, flush=True)

    try:
        if args.command is None:
            raise UsageError("a command is required")
        if args.command == "keygen":
            pair = keygen()
            print(f"secret key (keep it on the evaluator, e.g. PODIUM_EVALUATOR_SECRET): {pair['secret_key']}")
            print(f"public key (give it to the Podium admin as public_key): {pair['public_key']}")
            return EXIT_OK
        target = _target(args, env, err)
        if args.command == "push":
            overrides = {"id": args.model, "revision": args.revision, "precision": args.precision}
            hardware = None if args.hardware is None else parse_hardware(args.hardware)
            result = push(target, args.results, overrides, args.job, hardware)
        elif args.command == "claim":
            result = claim(target, args.gpu)
        elif args.command == "started":
            result = started(target, args.job)
        else:
            result = failed(target, args.job, args.reason)
    except UsageError as problem:
        err(f"{problem}\n(podium-eval --help for usage)")
        return EXIT_USAGE
    except Unreachable as problem:
        err(str(problem))
        return EXIT_UNREACHABLE
    if args.command == "claim" and result.status == 204:
        err("nothing waits in the queue (HTTP 204)")
        return EXIT_NOTHING_WAITS
    if 200 <= result.status < 300:
        print(json.dumps(result.body, indent=2, ensure_ascii=False), flush=True)
        return EXIT_OK
    err(describe_error(result.status, result.body))
    return EXIT_UNREACHABLE if retryable(result.status) else EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
