"""The peer the visitor pages are measured against: a stock Wagtail site's home page.

Wagtail's bakerydemo is the usual yardstick, but it is not published on PyPI (only on GitHub),
and the benchmark installs its peer from PyPI packages only, never from vendored source. So the
peer is the project ``wagtail start`` makes, from the ``wagtail`` package on PyPI, in its own
virtual environment, with its production settings (DEBUG off) on SQLite: a Wagtail home page with
nothing on it, the cheapest page Wagtail serves.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

BAKERYDEMO_NOTE = (
    "bakerydemo is not on PyPI (GitHub only), so the peer is `wagtail start`'s project "
    "(wagtail from PyPI), its home page"
)
NAME = "peersite"


class Peer:
    """A ``wagtail start`` project in ``work``: its venv, its SQLite database, its gunicorn."""

    def __init__(self, work: Path, wagtail_spec: str):
        self.work = work.resolve()
        self.wagtail_spec = wagtail_spec
        self.venv = self.work / "venv"
        self.project = self.work / NAME
        self.python = self.venv / "bin/python"

    def setup(self) -> str:
        """Create (once) the venv and the project; return the installed Wagtail version."""
        self.work.mkdir(parents=True, exist_ok=True)
        if not self.python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        if not (self.venv / "bin/wagtail").exists():
            self._run(self.python, "-m", "pip", "install", "--quiet", self.wagtail_spec, "gunicorn")
        if not (self.project / "manage.py").exists():
            self.project.mkdir(parents=True, exist_ok=True)
            self._run(self.venv / "bin/wagtail", "start", NAME, str(self.project))
            (self.project / NAME / "settings/local.py").write_text(
                f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
                "ALLOWED_HOSTS = ['127.0.0.1', 'localhost']\n"
            )
        self._run(self.python, "manage.py", "migrate", "--noinput", cwd=self.project)
        # Its production settings use the manifest storage: no manifest, no page (500).
        self._run(self.python, "manage.py", "collectstatic", "--noinput", cwd=self.project)
        return self._run(self.python, "-c", "import wagtail; print(wagtail.__version__)").strip()

    def gunicorn_command(self, bind: str) -> tuple[list[str], Path, dict[str, str]]:
        command = [
            str(self.python), "-m", "gunicorn", f"{NAME}.wsgi", "--bind", bind,
            "--workers", "2", "--access-logfile", "/dev/null", "--log-level", "warning",
        ]  # fmt: skip
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.production"}
        return command, self.project, environment

    def _run(self, *command, cwd: Path | None = None) -> str:
        result = subprocess.run(
            [str(part) for part in command],
            cwd=cwd or self.work,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.production"},
            capture_output=True,
            text=True,
        )
        if result.returncode:
            sys.exit(f"peer: {' '.join(map(str, command))} failed:\n{result.stderr[-2000:]}")
        return result.stdout
