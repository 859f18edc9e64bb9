"""A tiny gate API for the sync tests: stores taps once by sequence, fails on purpose."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .snapshots import NOW, payload

TOKEN = "gate-token-for-tests"


class FakeCms(ThreadingHTTPServer):
    """A tiny gate API: stores taps once by sequence, can fail or drop answers on purpose."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stored: dict[int, dict[str, Any]] = {}
        self.batches: list[list[int]] = []
        self.arrivals: list[tuple[float, str]] = []
        self.fail_next = 0  # answer 503 to this many requests
        self.drop_answers = 0  # store the batch, then answer 500 as if the reply was lost
        self.snapshot = payload(last_sequence=0)
        self.conflicts: set[int] = set()  # answered as conflicting duplicates (new server)
        self.last_sequence: int | None = None  # in heartbeat answers (new server) when set
        self.heartbeats: list[dict[str, Any]] = []
        self.now: Callable[[], datetime] = lambda: NOW  # the server_time it answers with
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeCms

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _gate(self) -> bool:
        cms = self.server
        with cms.lock:
            cms.arrivals.append((time.monotonic(), self.path))
            failing = cms.fail_next > 0
            cms.fail_next -= failing
        if self.headers.get("Authorization") != f"Device {TOKEN}":
            self._answer(401, {"detail": "unknown_or_revoked_gate"})
            return False
        if failing:
            self._answer(503, {"detail": "down"})
            return False
        return True

    def do_GET(self) -> None:
        if self._gate():
            self._answer(200, self.server.snapshot)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if not self._gate():
            return
        cms = self.server
        if self.path.endswith("/heartbeat"):
            cms.heartbeats.append(body)
            answer: dict[str, Any] = {"server_time": cms.now().isoformat()}
            if cms.last_sequence is not None:
                answer["last_sequence"] = cms.last_sequence
            self._answer(200, answer)
            return
        accepted, duplicates, conflicts = [], [], []
        with cms.lock:
            cms.batches.append([tap["sequence"] for tap in body["taps"]])
            for tap in body["taps"]:
                target = duplicates if tap["sequence"] in cms.stored else accepted
                if tap["sequence"] in cms.conflicts:
                    target = conflicts
                target.append(tap["sequence"])
                cms.stored.setdefault(tap["sequence"], tap)
            dropping = cms.drop_answers > 0
            cms.drop_answers -= dropping
        if dropping:
            self._answer(500, {"detail": "the answer got lost"})
        else:
            answer = {"accepted": accepted, "duplicates": duplicates}
            if conflicts:
                answer["conflicts"] = conflicts
            self._answer(200, answer)
