"""The desk agent as the counter PC runs it: ``python -m cardreader_service desk-agent``, a
subprocess on the second vpcd slot (``port_of(DESK_READER)``), so the gate tests' slot 00 stays
free."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from cardreader_service.closing import stop_process

DESK_READER = "Virtual PCD 00 01"
ROOT = Path(__file__).resolve().parents[2]


class DeskAgentProcess:
    def __init__(self, tmp: Path, origin: str, gate_keys: str, issuer_keys: str) -> None:
        self.tmp = tmp
        self.origin = origin
        self.key_file = tmp / "gate-keys"
        self.issuer_key_file = tmp / "issuer-keys"
        for path, text in ((self.key_file, gate_keys), (self.issuer_key_file, issuer_keys)):
            path.write_text(text)
            path.chmod(0o600)
        self.token_file = tmp / "desk-token"
        self.log = tmp / "desk.log"
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def pair(self, token: str) -> None:
        """What the clerk does with the token the page shows: ``desk-pair``, pasted on stdin."""
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "cardreader_service",
                "desk-pair",
                "--token-file",
                f"{self.token_file}",
            ],
            input=token + "\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr

    def start(self) -> str:
        command = [
            sys.executable,
            "-m",
            "cardreader_service",
            "desk-agent",
            "--origin",
            self.origin,
            "--reader",
            DESK_READER,
            "--port",
            "0",
            "--token-file",
            str(self.token_file),
            "--key-file",
            str(self.key_file),
            "--issuer-key-file",
            str(self.issuer_key_file),
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self.log.open("w"),
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        deadline = time.monotonic() + 30
        while "listening on" not in line:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"desk agent did not start: {self.log.read_text()[-2000:]}")
            line = self.process.stdout.readline()
        self.url = line.rsplit(" ", 1)[1].strip()
        return self.url

    def stop(self) -> None:
        process, self.process = self.process, None
        stop_process(process, timeout=10)
