"""What the benchmarks that drive Django share: a PostgreSQL database of their own, the
environment their Django subprocesses run in, running a snippet there, and percentiles.

Shared so ``ledger_ingest`` and ``operations_board`` create, configure and measure alike; each
benchmark keeps only what it varies.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _admin_url(url: str) -> tuple[str, str]:
    """(the database's name, the URL of the server's ``postgres`` database)."""
    return url.rsplit("/", 1)[1], url.rsplit("/", 1)[0] + "/postgres"


def database_exists(url: str) -> bool:
    import psycopg

    name, admin = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def drop_database(url: str) -> None:
    import psycopg

    name, admin = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_database(url: str) -> None:
    import psycopg

    drop_database(url)
    name, admin = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def django_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heritage_cms.settings.dev",
        "DEBUG": "0",  # no query log, as in production
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
    }


def run_django(code: str, env: dict[str, str], *args: str) -> dict:
    """Run ``code`` in a fresh interpreter; its last line of output is JSON, returned."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
