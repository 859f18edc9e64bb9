"""Benchmark: the visitor's phone pages — Lighthouse (mobile) and throughput under wrk.

    .venv/bin/python benchmarks/visitor_pages/run.py [--fresh] [--duration 15]

1. PostgreSQL database ``heritage_fe_bench`` (DATABASE_URL to override), migrated and seeded with
   ``manage.py seed_demo`` (audio guides spoken by espeak-ng); the first demo relic gets a
   processed 3D model. Kept between runs; ``--fresh`` rebuilds it.
2. gunicorn with the production settings (whitenoise, collected static, DEBUG off).
3. Lighthouse (npm: ``npm ci --prefix benchmarks/visitor_pages``), CHROME_PATH=/usr/bin/chromium,
   headless, its default mobile profile (Moto G Power, simulated slow 4G) on a relic page and a
   tour page: performance, accessibility, bytes transferred before any 3D or audio.
   Goals: performance >= 95, accessibility 100, < 150 KB.
4. wrk on the relic page: requests/s and p99, without and with the anonymous page cache
   (VISITOR_PAGE_CACHE_SECONDS).

Needs: chromium, wrk (apt), PostgreSQL, the front-end build. Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
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
DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/heritage_fe_bench"
)
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LIGHTHOUSE = HERE / "node_modules/.bin/lighthouse"
WORK = ROOT / "var/bench/visitor_pages"  # media and the seeded state survive between runs
PERF_GOAL, A11Y_GOAL, BYTES_GOAL = 95, 100, 150 * 1024


def env(**extra: str) -> dict[str, str]:
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heritage_cms.settings.production",
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_hex(32)),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "AUDIO_GUIDES_CACHE_DIR": str(WORK / "audio-cache"),
        "ASSETS_PIPELINE_WORK_DIR": str(WORK / "asset-work"),
        "AUDIO_GUIDES_CONFIG": '{"DEFAULT": {"CLASS": "espeak"}, "FALLBACK": null}',
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
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    manage("migrate", "--noinput")
    # Tasks run in-process while seeding, so every audio guide and the 3D model exist.
    immediate = {"TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    manage("seed_demo", "--no-admin", **immediate)
    print(f"database {name}: migrated and seeded in {time.perf_counter() - started:.0f} s")


def content_urls() -> dict[str, str]:
    immediate = {"TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    code = (HERE / "setup_content.py").read_text()
    out = manage("shell", "-c", code, **immediate)
    return json.loads(out.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(cache_seconds: int):
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "heritage_cms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env(VISITOR_PAGE_CACHE_SECONDS=str(cache_seconds), CONN_MAX_AGE="60"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not start")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="drop and reseed the database")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    args = parser.parse_args()
    missing = [
        what
        for what, ok in [
            (f"chromium at {CHROME} (apt-get install chromium)", Path(CHROME).exists()),
            ("wrk (apt-get install wrk)", shutil.which("wrk")),
            ("lighthouse (npm ci --prefix benchmarks/visitor_pages)", LIGHTHOUSE.exists()),
            (
                "the front-end build (npm ci --prefix frontend && npm run build --prefix frontend)",
                (ROOT / "heritage_cms/core/static/dist/manifest.json").exists(),
            ),
        ]
        if not ok
    ]
    if missing:
        sys.exit("missing: " + "; ".join(missing))

    prepare_database(args.fresh)
    urls = content_urls()
    manage("collectstatic", "--noinput")
    failures = []
    with tempfile.TemporaryDirectory() as reports, gunicorn(cache_seconds=0) as base:
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
        relic_url = base + urls["relic"]
        uncached = wrk(relic_url, args.duration)
    with gunicorn(cache_seconds=300) as base:
        relic_url = base + urls["relic"]
        # Each gunicorn worker has its own local-memory cache (Redis is shared: REDIS_URL).
        for _ in range(8):
            with urllib.request.urlopen(relic_url) as check:
                state = check.headers.get("X-Page-Cache")
            if state == "hit":
                break
        cached = wrk(relic_url, args.duration)

    print(f"\nwrk -t2 -c16 -d{args.duration}s on {urls['relic']} (gunicorn, 2 workers, PostgreSQL)")
    print(f"{'':<28} {'requests/s':>11} {'p99':>9}")
    print(f"{'uncached':<28} {uncached[0]:>11.0f} {uncached[1]:>9}")
    label = f"page cache (X-Page-Cache: {state})"
    print(f"{label:<28} {cached[0]:>11.0f} {cached[1]:>9}")
    print(f"ratio cached / uncached: {cached[0] / uncached[0]:.1f}x")
    if state != "hit":
        failures.append(f"the page cache did not serve the relic page (X-Page-Cache: {state})")
    for failure in failures:
        print(f"GOAL MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
