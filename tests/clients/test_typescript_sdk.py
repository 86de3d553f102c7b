"""The TypeScript client (clients/typescript) against a real server, run by Node's test
runner: it compiles (so the hand-written helpers type-check against the generated types),
drives the API and the LIVE WebSocket, and verifies webhooks signed by the Python signer."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from standardwebhooks.webhooks import Webhook

from tests.clients.conftest import CLIENTS, SdkServer

TS = CLIENTS / "typescript"
NODE_TIMEOUT_S = 180


def node_ready() -> None:
    assert shutil.which("node"), "Node.js is needed (`.ci/run` installs it)"
    assert (TS / "node_modules" / ".bin" / "tsc").exists(), (
        "clients/typescript has no node_modules: run `npm ci` there (`make test` does)")


def webhook_fixtures(path: Path) -> Path:
    secret = "whsec_" + base64.b64encode(b"ts-verifier-test-secret-01234567").decode()
    other = "whsec_" + base64.b64encode(b"ts-verifier-other-secret-0123456").decode()
    signer = Webhook(secret)
    at = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    valid = []
    for n, payload in enumerate([{"type": "gift.sent", "data": {"coins": 10, "note": "é ✓"}},
                                 {"type": "purchase.completed", "data": {"coins": 500}}]):
        body = json.dumps(payload, ensure_ascii=False)
        msg_id = f"msg_{n}"
        headers = {"webhook-id": msg_id, "webhook-timestamp": str(int(at.timestamp())),
                   "webhook-signature": signer.sign(msg_id, at, body)}
        if n == 1:  # a rotation: the old secret's signature first, then the current one
            old = Webhook(other).sign(msg_id, at, body)
            headers["webhook-signature"] = f"{old} {headers['webhook-signature']}"
        valid.append({"body": body, "headers": headers, "now_s": int(at.timestamp()) + 30})
    path.write_text(json.dumps({"secret": secret, "other_secret": other,
                                "messages": {"valid": valid}}, ensure_ascii=False))
    return path


def run(command: list[str], env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=TS, capture_output=True, text=True,
                          timeout=NODE_TIMEOUT_S, env={**os.environ, **(env or {})})


def test_typescript_client_against_a_live_server(sdk_server: SdkServer, tmp_path: Path) -> None:
    node_ready()
    shutil.rmtree(TS / "dist", ignore_errors=True)  # the test imports a fresh build
    built = run([str(TS / "node_modules" / ".bin" / "tsc"), "-p", "."])
    assert built.returncode == 0, built.stdout + built.stderr
    tested = run(["node", "--test", "--test-reporter=spec", "test/sdk.test.mjs"], env={
        "FANCOINS_BASE_URL": sdk_server.base_url, "FANCOINS_API_KEY": sdk_server.api_key,
        "FANCOINS_WEBHOOK_FIXTURES": str(webhook_fixtures(tmp_path / "webhooks.json")),
    })
    output = tested.stdout + tested.stderr
    assert tested.returncode == 0, output
    counts = dict(re.findall(r"^\S+ (tests|pass|fail|skipped|cancelled) (\d+)$", output, re.M))
    assert counts == {"tests": "2", "pass": "2", "fail": "0", "skipped": "0",
                      "cancelled": "0"}, output
