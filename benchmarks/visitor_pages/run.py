"""Benchmark: the visitor's phone pages — Lighthouse (mobile) and throughput under wrk.

    .venv/bin/python benchmarks/visitor_pages/run.py [--fresh] [--duration 10] [--no-lighthouse]

1. SQLite database in var/bench/visitor_pages (DATABASE_URL=postgres://… to measure PostgreSQL),
   migrated and seeded with ``manage.py seed_demo`` (audio guides spoken by espeak-ng); the first
   demo relic gets a processed 3D model. Kept between runs; ``--fresh`` rebuilds it.
2. gunicorn, 2 workers, with the production settings (whitenoise, collected static, DEBUG off,
   Redis database 12 or REDIS_URL for the shared cache).
3. Lighthouse (npm: ``npm ci --prefix benchmarks/visitor_pages``), CHROME_PATH=/usr/bin/chromium,
   headless, its default mobile profile (Moto G Power, simulated slow 4G) on a relic page and a
   tour page: performance, accessibility, bytes transferred before any 3D or audio.
   Goals: performance >= 95, accessibility 100, < 150 KB.
4. wrk on the home, monument, relic and tour pages without the anonymous page cache, side by
   side in the same run with the peer's home page (``peer.py``: a stock Wagtail site installed
   from PyPI, gunicorn 2 workers, SQLite, production settings); the ratio of each page's
   requests/s to the peer's (goal >= 3x, the relic page's decides); then the relic page with
   the page cache (VISITOR_PAGE_CACHE_SECONDS).

Needs: wrk (apt), the front-end build, network access to PyPI the first time (the peer's venv is
kept in var/bench/peer); chromium and Lighthouse unless --no-lighthouse. Exit status 1 when a
goal is missed.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = sys.executable
sys.path[:0] = [str(HERE), str(ROOT)]
from peer import BAKERYDEMO_NOTE, Peer  # noqa: E402  (a sibling script, not a package)

from benchmarks.stack import free_port, writable_dirs  # noqa: E402

WORK = ROOT / "var/bench/visitor_pages"  # media and the seeded state survive between runs
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12")
PEER_WORK = ROOT / "var/bench/peer"
PEER_WAGTAIL = "wagtail>=8,<9"  # the major version the platform runs
RATIO_GOAL = 3.0
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LIGHTHOUSE = HERE / "node_modules/.bin/lighthouse"
PERF_GOAL, A11Y_GOAL, BYTES_GOAL = 95, 100, 150 * 1024


def env(**extra: str) -> dict[str, str]:
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heritage_cms.settings.production",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        # Required by the production settings; the pages measured never reach Stripe.
        "STRIPE_SECRET_KEY": os.environ.get(
            "STRIPE_SECRET_KEY", f"sk_test_{secrets.token_hex(12)}"
        ),
        "STRIPE_WEBHOOK_SECRET": os.environ.get(
            "STRIPE_WEBHOOK_SECRET", f"whsec_{secrets.token_hex(12)}"
        ),
        "TICKET_SIGNING_KEYS": os.environ.get(
            "TICKET_SIGNING_KEYS",
            json.dumps({"bench": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}),
        ),
        "TICKET_SIGNING_KEY_ID": os.environ.get("TICKET_SIGNING_KEY_ID", "bench"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_hex(32)),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        **writable_dirs(WORK),
        "LOG_LEVEL": "WARNING",
    }
    base.update(extra)
    return base


def manage(*args: str, **extra: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env(**extra), capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_database(fresh: bool) -> None:
    if DATABASE_URL.startswith("sqlite:"):
        database = Path(DATABASE_URL.removeprefix("sqlite:///"))
        if fresh:
            shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True, exist_ok=True)
        if not database.exists():
            seed(database.name)
        return
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            shutil.rmtree(WORK, ignore_errors=True)
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            seed(name)


def seed(name: str) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    manage("migrate", "--noinput")
    # Tasks run in-process while seeding, so every audio guide and the 3D model exist.
    immediate = {"TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    # The demo app (seed_demo) is installed by the dev settings only, never in production.
    manage(
        "seed_demo", "--no-admin", DJANGO_SETTINGS_MODULE="heritage_cms.settings.dev", **immediate
    )
    print(f"database {name}: migrated and seeded in {time.perf_counter() - started:.0f} s")


def content_urls() -> dict[str, str]:
    immediate = {"TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    code = (HERE / "setup_content.py").read_text()
    out = manage("shell", "-c", code, **immediate)
    return json.loads(out.strip().splitlines()[-1])


@contextmanager
def gunicorn(cache_seconds: int):
    port = free_port()
    command = [
        PYTHON, "-m", "gunicorn", "heritage_cms.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "2", "--access-logfile", "/dev/null", "--log-level", "warning",
    ]  # fmt: skip
    environment = env(VISITOR_PAGE_CACHE_SECONDS=str(cache_seconds), CONN_MAX_AGE="60")
    with serving(command, ROOT, environment, port, "/healthz") as base:
        yield base


@contextmanager
def peer_gunicorn(peer: Peer):
    port = free_port()
    command, cwd, environment = peer.gunicorn_command(f"127.0.0.1:{port}")
    with serving(command, cwd, environment, port, "/") as base:
        yield base


@contextmanager
def serving(command: list[str], cwd: Path, environment: dict[str, str], port: int, probe: str):
    """A server started for the measurement and stopped after it, whatever happens."""
    process = subprocess.Popen(command, cwd=cwd, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}{probe}", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit(f"gunicorn did not start: {' '.join(command[:4])}")
        yield base
    finally:
        process.terminate()
        process.wait(10)


def lighthouse(url: str, out_dir: Path) -> dict:
    report = out_dir / (re.sub(r"\W+", "-", url.strip("/").split("//")[1]) + ".json")
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        check=True,
    )
    data = json.loads(report.read_text())
    requests = data["audits"]["network-requests"]["details"]["items"]
    heavy = re.compile(r"\.(glb|gltf|mp3|ogg|opus|usdz)(\?|$)|model-viewer")
    before = sum(item.get("transferSize", 0) for item in requests if not heavy.search(item["url"]))
    return {
        "performance": round(data["categories"]["performance"]["score"] * 100),
        "accessibility": round(data["categories"]["accessibility"]["score"] * 100),
        "bytes": before,
        "requests": len(requests),
        "lcp_ms": round(data["audits"]["largest-contentful-paint"]["numericValue"]),
        "failed": [
            key
            for key, audit in data["audits"].items()
            if audit.get("score") is not None
            and audit["score"] < 1
            and audit.get("scoreDisplayMode") == "binary"
            and key in {ref["id"] for ref in data["categories"]["accessibility"]["auditRefs"]}
        ],
    }


def wrk(url: str, duration: int) -> tuple[float, str]:
    result = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    p99 = re.search(r"99%\s+(\S+)", result.stdout).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        sys.exit(f"wrk saw {errors.group(1)} error responses on {url}")
    return rps, p99


def lighthouse_audits(base: str, urls: dict[str, str], failures: list[str]) -> None:
    with tempfile.TemporaryDirectory() as reports:
        version = subprocess.run(
            [str(LIGHTHOUSE), "--version"], capture_output=True, text=True
        ).stdout.strip()
        print(f"\nLighthouse {version}, mobile profile (simulated slow 4G, 4x CPU slowdown)")
        print(f"{'page':<40} {'perf':>5} {'a11y':>5} {'KB before 3D/audio':>19} {'LCP ms':>7}")
        for kind in ("relic", "tour"):
            result = lighthouse(base + urls[kind], Path(reports))
            print(
                f"{kind + ' ' + urls[kind]:<40} {result['performance']:>5} "
                f"{result['accessibility']:>5} {result['bytes'] / 1024:>19.1f} "
                f"{result['lcp_ms']:>7}"
            )
            if result["failed"]:
                print(f"  accessibility audits failed: {', '.join(result['failed'])}")
            if result["performance"] < PERF_GOAL:
                failures.append(f"{kind}: performance {result['performance']} < {PERF_GOAL}")
            if result["accessibility"] < A11Y_GOAL:
                failures.append(f"{kind}: accessibility {result['accessibility']} < {A11Y_GOAL}")
            if result["bytes"] >= BYTES_GOAL:
                failures.append(f"{kind}: {result['bytes']} bytes >= {BYTES_GOAL}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="drop and reseed the database")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--no-lighthouse", action="store_true", help="throughput only")
    args = parser.parse_args()
    needed = [
        ("wrk (apt-get install wrk)", shutil.which("wrk")),
        (
            "the front-end build (npm ci --prefix frontend && npm run build --prefix frontend)",
            (ROOT / "heritage_cms/core/static/dist/manifest.json").exists(),
        ),
    ]
    if not args.no_lighthouse:
        needed += [
            (f"chromium at {CHROME} (apt-get install chromium)", Path(CHROME).exists()),
            ("lighthouse (npm ci --prefix benchmarks/visitor_pages)", LIGHTHOUSE.exists()),
        ]
    missing = [what for what, ok in needed if not ok]
    if missing:
        sys.exit("missing: " + "; ".join(missing))

    prepare_database(args.fresh)
    urls = content_urls()
    manage("collectstatic", "--noinput")
    peer = Peer(PEER_WORK, PEER_WAGTAIL)
    peer_version = peer.setup()
    failures: list[str] = []
    uncached = {}
    with gunicorn(cache_seconds=0) as base:
        if not args.no_lighthouse:
            lighthouse_audits(base, urls, failures)
        for kind in ("home", "monument", "relic", "tour"):
            uncached[kind] = wrk(base + urls[kind], args.duration)
    with peer_gunicorn(peer) as base:
        peer_result = wrk(base + "/", args.duration)
    with gunicorn(cache_seconds=300) as base:
        relic_url = base + urls["relic"]
        # Each gunicorn worker has its own local-memory cache (Redis is shared: REDIS_URL).
        for _ in range(8):
            with urllib.request.urlopen(relic_url) as check:
                state = check.headers.get("X-Page-Cache")
            if state == "hit":
                break
        cached = wrk(relic_url, args.duration)

    database = DATABASE_URL.split(":", 1)[0].replace("sqlite", "SQLite")
    print(f"\nwrk -t2 -c16 -d{args.duration}s, gunicorn 2 workers, {database}, production settings")
    print(f"peer: Wagtail {peer_version} — {BAKERYDEMO_NOTE}")
    print(f"{'page':<52} {'requests/s':>11} {'p99':>9} {'x peer':>7}")
    peer_rps = peer_result[0]
    for kind, (rps, p99) in uncached.items():
        label = f"{kind} {urls[kind]} (uncached)"
        print(f"{label:<52} {rps:>11.0f} {p99:>9} {rps / peer_rps:>6.1f}x")
    print(f"{'peer home / (no cache)':<52} {peer_rps:>11.0f} {peer_result[1]:>9} {1:>6.1f}x")
    label = f"relic {urls['relic']} (page cache: {state})"
    print(f"{label:<52} {cached[0]:>11.0f} {cached[1]:>9} {cached[0] / peer_rps:>6.1f}x")
    ratio = uncached["relic"][0] / peer_rps
    print(f"uncached relic / peer home: {ratio:.1f}x (goal >= {RATIO_GOAL:.0f}x)")
    if ratio < RATIO_GOAL:
        failures.append(f"uncached relic page {ratio:.1f}x the peer's home page < {RATIO_GOAL}x")
    if state != "hit":
        failures.append(f"the page cache did not serve the relic page (X-Page-Cache: {state})")
    for failure in failures:
        print(f"GOAL MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
