"""Benchmark: the fleet-scale proof — 200 gates and the visitors' phones at once, at ten times
Huế's peak hour, against two gunicorn instances on one PostgreSQL database and Redis.

    .venv/bin/pip install --group bench   # locust, once
    .venv/bin/python benchmarks/fleet/run.py [--quick] [--scale 10] [--gates 200]

1. A seeded template database (``seed_demo`` plus 20,000 funded cards, a third with a combo pass)
   is built once and kept (``--fresh`` rebuilds it); each run copies it into its own database,
   analyzes it, adds the gates with fresh device tokens, and drops that copy at the end.
2. Two gunicorn instances (``--workers`` each, different ports) with the production settings:
   whitenoise and collected static, DEBUG off, Redis (``--redis-url``, emptied before and after)
   for the cache, the rate limits and the visitor page cache, one TLS proxy trusted.
3. locust (as a library, ``locustfile.py``): every gate with the daemon's own client and schedule,
   visitors on pages (cacheable and not, six languages) and the card page, spread over both
   instances. A warm-up, the stage at ``--scale`` x the peak (the table), then short headroom
   stages, doubling the multiple (halving while none held) until one misses — p99 over 1 s,
   the full snapshot over the gate's 10 s deadline, the access-code check (slow on purpose,
   like a password's) over 2 s, an error, or under 90 % of the planned
   load offered — then one stage between the highest held and the lowest missed.
4. Every gate delivers what it still holds; the Tap table is then counted in PostgreSQL.

Prints the assumptions, p50/p99/errors per endpoint at the scale, taps journaled/acknowledged/
stored/lost, each headroom stage and the highest multiple held. Loopback only; bounded by
``--budget`` (8 minutes, ``--quick`` 2.5; building the template adds a few minutes, once).
Exit status 1 when a tap is lost or the scale's stage misses. The load generator runs on the
same machine as the servers, and the machine may be shared: the figures are this machine's,
as measured.
"""

from __future__ import annotations

try:  # locust patches the standard library (gevent): it goes first
    import locust  # noqa: F401
except ImportError:
    raise SystemExit("locust is missing: .venv/bin/pip install --group bench") from None

import argparse
import base64
import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import gevent

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from locust import constant_throughput  # noqa: E402
from locust.env import Environment  # noqa: E402

from benchmarks.fleet import load  # noqa: E402
from benchmarks.fleet.locustfile import PLAN, GateBook, GateUser, VisitorUser  # noqa: E402

WORK = ROOT / "var/bench/fleet"  # media and collected static, kept with the template
WORK_FOLDERS = {  # settings -> folder under WORK
    "MEDIA_ROOT": "media",
    "STATIC_ROOT": "static",
    "AUDIO_GUIDES_CACHE_DIR": "audio-cache",
    "ASSETS_PIPELINE_WORK_DIR": "asset-work",
}
CARDS = 20_000
FARES = {"dai-noi": 200_000, "chua-thien-mu": 0}  # the tombs: 150,000 (the demo's gates)

TEMPLATE_EXTRAS = r"""
import json, sys
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Card, Entitlement, Product, Transfer
from heritage_cms.core.money import VND
from heritage_cms.sites.models import Site


@transaction.atomic
def funded_cards(cards):
    sites = list(Site.objects.all())
    payments = Account.objects.create(kind=Account.Kind.PAYMENTS, name="payments:fleet")
    combo = Product.objects.create(
        code="fleet-combo", name="Fleet combo", kind=Product.Kind.COMBO,
        entries_per_site=30_000, valid_days=3, price=VND(530_000),
    )
    combo.sites.set(sites)
    numbers = [f"9706{i:012d}" for i in range(cards)]
    floor = VND(-Card.OFFLINE_SPENDING_LIMIT)
    accounts = Account.objects.bulk_create([
        Account(kind=Account.Kind.CARD, name=f"card:{n}", floor=floor) for n in numbers
    ])
    issued = Card.objects.bulk_create([
        Card(number=n, uid=f"06{i:012X}", account=accounts[i]) for i, n in enumerate(numbers)
    ])
    funding = [(account, VND(50_000_000)) for account in accounts]
    ledger.post("fleet-topup", Transfer.Kind.TOP_UP,
                [(payments, VND(-50_000_000 * cards)), *funding])
    today = timezone.localdate()  # the template outlives the day: passes valid for years
    Entitlement.objects.bulk_create(
        Entitlement(card=card, product=combo, valid_from=today - timedelta(days=1),
                    valid_until=today + timedelta(days=3650))
        for card in issued[::3]
    )


funded_cards(int(sys.argv[1]))
print(json.dumps({"cards": Card.objects.count()}))
"""

SETUP = r"""
import json, sys
from heritage_cms.cards.models import Card, Entitlement, Gate
from heritage_cms.core.money import VND
from heritage_cms.demo.cards import DEMO_CARDS
from heritage_cms.sites.models import Site
from wagtail.models import Page

plan = json.loads(sys.argv[1])
sites = {site.code: site for site in Site.objects.all()}
gates = []
for index, (code, direction, fare) in enumerate(plan):
    gate = Gate(name=f"Fleet {index + 1:03d}", site=sites[code], fare=VND(fare),
                direction=direction)
    token = gate.issue_token()
    gate.save()
    gates.append({"token": token, "id": gate.pk})
pages = {}
kinds = {"homepage": "home", "monumentpage": "monument", "relicpage": "relic",
         "tourpage": "tour"}
for page in Page.objects.live().select_related("locale", "content_type"):
    kind = kinds.get(page.content_type.model)
    if kind:
        pages.setdefault(kind, {}).setdefault(page.locale.language_code, []).append(page.url)
cards = list(Card.objects.filter(number__startswith="9706").values_list("number", flat=True))
passes = dict(Entitlement.objects.filter(product__code="fleet-combo")
              .values_list("card__number", "pk"))
print(json.dumps({"gates": gates, "pages": pages, "cards": cards, "entitlements": passes,
                  "demo_cards": [[number, code] for number, _u, code, _b, _p in DEMO_CARDS]}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def admin_connection(url: str):
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def server_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The production settings, with throwaway secrets: nothing here reaches Stripe."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heritage_cms.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CONN_MAX_AGE": "60",
        "STRIPE_SECRET_KEY": f"sk_test_{secrets.token_hex(12)}",
        "STRIPE_WEBHOOK_SECRET": f"whsec_{secrets.token_hex(12)}",
        "TICKET_SIGNING_KEYS": json.dumps(
            {"fleet": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}
        ),
        "TICKET_SIGNING_KEY_ID": "fleet",
        "SECRET_KEY": secrets.token_hex(32),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRUSTED_PROXY_COUNT": "1",  # the visitors' X-Forwarded-For, as the TLS proxy writes it
        "VISITOR_PAGE_CACHE_SECONDS": "300",
        "AUDIO_GUIDES_CONFIG": '{"DEFAULT": {"CLASS": "espeak"}, "FALLBACK": null}',
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.update({name: str(WORK / folder) for name, folder in WORK_FOLDERS.items()})
    env.update(extra)
    return env


def dev_env(database_url: str, redis_url: str) -> dict[str, str]:
    """The demo app (seed_demo, its cards) is installed by the dev settings only."""
    return server_env(
        database_url,
        redis_url,
        DJANGO_SETTINGS_MODULE="heritage_cms.settings.dev",
        TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
        REDIS_URL="",
    )


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def django_json(env: dict[str, str], code: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"setup failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def template_fingerprint() -> str:
    """A template built by other code is rebuilt: the migrations and the seeding it holds."""
    digest = hashlib.sha256(TEMPLATE_EXTRAS.encode() + str(CARDS).encode())
    for path in sorted(ROOT.glob("heritage_cms/**/migrations/0*.py")):
        digest.update(path.name.encode())
    for path in sorted((ROOT / "heritage_cms/demo").rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_template(base_url: str, redis_url: str, fresh: bool) -> str:
    name = base_url.rsplit("/", 1)[1] + "_template"
    url = f"{base_url}_template"
    fingerprint = template_fingerprint()
    with admin_connection(base_url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
        if row and row[0] == fingerprint and not fresh:
            return name
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"template database {name}: migrating and seeding (once, a few minutes) …", flush=True)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = dev_env(url, redis_url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--no-admin")
    django_json(env, TEMPLATE_EXTRAS, str(CARDS))
    with admin_connection(base_url) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{fingerprint}'")
    return name


class Servers:
    """The two gunicorn instances, each in its own process group, stopped whatever happens."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen] = []
        self.folders: list[tempfile.TemporaryDirectory] = []

    def start(self, env: dict[str, str], workers: int) -> str:
        port = free_port()
        metrics = tempfile.TemporaryDirectory(prefix="fleet-metrics-")
        self.folders.append(metrics)
        command = [
            sys.executable, "-m", "gunicorn", "heritage_cms.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--access-logfile", "/dev/null", "--log-level", "warning",
        ]  # fmt: skip
        self.processes.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env={**env, "PROMETHEUS_MULTIPROC_DIR": metrics.name},
                start_new_session=True,
            )
        )
        return f"http://127.0.0.1:{port}"

    def wait(self, hosts: list[str]) -> None:
        for host, process in zip(hosts, self.processes, strict=True):
            for _ in range(150):
                if process.poll() is not None:
                    raise SystemExit(f"gunicorn at {host} exited before it served")
                try:
                    with urllib.request.urlopen(f"{host}/healthz", timeout=2):
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                raise SystemExit(f"gunicorn at {host} did not answer within 30 s")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for folder in self.folders:
            folder.cleanup()


def static_outdated() -> bool:
    """collectstatic only when a static file is newer than the last collection."""
    collected = WORK / "static/staticfiles.json"
    if not collected.exists():
        return True
    since = collected.stat().st_mtime
    return any(path.stat().st_mtime > since for path in ROOT.glob("heritage_cms/**/static/**/*"))


def flush_redis(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


class Recorder:
    """Every request of the current stage, per endpoint (locust's request event)."""

    def __init__(self) -> None:
        self.endpoints: dict[str, load.Endpoint] = {}

    def reset(self) -> dict[str, load.Endpoint]:
        taken, self.endpoints = self.endpoints, {}
        return taken

    def __call__(self, request_type, name, response_time, exception=None, **_kwargs) -> None:
        endpoint = self.endpoints.setdefault(name, load.Endpoint(name))
        if exception is not None:
            endpoint.errors += 1
            if len(endpoint.error_examples) < 3:
                endpoint.error_examples.append(str(exception)[:160])
        else:
            endpoint.latencies.append(response_time / 1000)


ORDER = [
    "home page (cacheable)", "home page (uncached)", "monument page (cacheable)",
    "monument page (uncached)", "relic page (cacheable)", "relic page (uncached)",
    "tour page (cacheable)", "tour page (uncached)", "card look-up form",
    load.CODE_POSTED, "card page", "gate: tap batch", "gate: heartbeat",
    "gate: snapshot (incremental)", "gate: snapshot (full)",
]  # fmt: skip


def ordered(endpoints: dict[str, load.Endpoint]) -> list[load.Endpoint]:
    return sorted(
        endpoints.values(),
        key=lambda e: (ORDER.index(e.name) if e.name in ORDER else len(ORDER), e.name),
    )


def rest(seconds: float, gates: int) -> float:
    """After a missed stage: visitors pause and the gates deliver their backlog until the
    servers have worked off the queue (at most ``seconds``), so the next stage starts clean."""
    PLAN.resting = True
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        backlog = sum(len(book.pending) for book in PLAN.gates)
        if PLAN.in_flight <= gates // 20 and backlog <= gates // 10:
            break
        gevent.sleep(0.5)
    PLAN.resting = False
    return time.monotonic() - started


def run_stage(runner, recorder: Recorder, multiple: float, seconds: float, gates: int):
    """Set the load to ``multiple`` x the peak, let it settle, record ``seconds`` of it."""
    rates = load.rates(multiple, gates)
    PLAN.multiple, PLAN.rates = multiple, rates
    visitors = load.visitor_users(rates, PLAN.per_visitor)
    runner.start(gates + visitors, spawn_rate=max(100, visitors))  # within the settling
    gevent.sleep(3)  # the new visitors spawned and on their pace
    recorder.reset()
    started = time.monotonic()
    gevent.sleep(seconds)
    endpoints = recorder.reset()
    return load.Stage(multiple, time.monotonic() - started, rates, endpoints), visitors


def count_taps(database_url: str) -> dict[int, set[int]]:
    import psycopg

    stored: dict[int, set[int]] = {}
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT gate_id, sequence FROM cards_tap WHERE journal_id = 'fleet'"
        ).fetchall()
    for gate_id, sequence in rows:
        stored.setdefault(gate_id, set()).add(sequence)
    return stored


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a ~1 minute smoke run")
    parser.add_argument("--scale", type=float, default=10, help="multiple of Huế's peak")
    parser.add_argument("--gates", type=int, default=200)
    parser.add_argument(
        "--workers", type=int, default=3, help="per gunicorn instance (3: the Dockerfile's)"
    )
    parser.add_argument("--seconds", type=float, help="the scale's stage (default 90, quick 15)")
    parser.add_argument("--stage-seconds", type=float, help="headroom stages (30, quick 8)")
    parser.add_argument("--max-stages", type=int, help="headroom stages at most (6, quick 3)")
    parser.add_argument(
        "--budget", type=float, help="seconds for the whole run (480, quick 150): no stage past it"
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the template database")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_fleet"
        ),
        help="the run's database is <name>_run, the kept template <name>_template",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="a Redis database of its own: it is emptied before and after",
    )
    args = parser.parse_args()
    args.budget = args.budget or (150 if args.quick else 480)
    args.seconds = args.seconds or (15 if args.quick else 90)
    args.stage_seconds = args.stage_seconds or (8 if args.quick else 30)
    args.max_stages = args.max_stages if args.max_stages is not None else (3 if args.quick else 6)
    return args


def main() -> int:
    args = parse_args()
    if not (ROOT / "heritage_cms/core/static/dist/manifest.json").exists():
        raise SystemExit("the front-end build is missing: make frontend")
    stop_on_signals()
    plan = load.plan_gates(args.gates)
    template = ensure_template(args.database_url, args.redis_url, args.fresh)
    started = time.monotonic()  # the budget: building the template (once) is outside it
    run_url = f"{args.database_url}_run"
    run_name = run_url.rsplit("/", 1)[1]
    with ExitStack() as cleanup:
        with admin_connection(args.database_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{run_name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{run_name}" TEMPLATE "{template}"')
        cleanup.callback(drop_database, args.database_url, run_name)
        analyze(run_url)
        flush_redis(args.redis_url)
        cleanup.callback(flush_redis, args.redis_url)
        env = server_env(run_url, args.redis_url)
        if static_outdated():
            manage(env, "collectstatic", "--noinput", "-v", "0")
        gate_rows = [(g.site, g.direction, FARES.get(g.site, 150_000)) for g in plan]
        state = django_json(dev_env(run_url, args.redis_url), SETUP, json.dumps(gate_rows))
        servers = Servers()
        cleanup.callback(servers.stop)
        hosts = [servers.start(env, args.workers) for _ in range(2)]
        servers.wait(hosts)
        PLAN.hosts = hosts
        PLAN.gates = [
            GateBook(row["token"], row["id"], g.site, g.direction, fare, g.taps_per_hour_at_peak)
            for row, g, (_s, _d, fare) in zip(state["gates"], plan, gate_rows, strict=True)
        ]
        PLAN.cards, PLAN.pages = state["cards"], state["pages"]
        PLAN.entitlements = state["entitlements"]
        PLAN.demo_cards = [tuple(card) for card in state["demo_cards"]]
        GateUser.fixed_count = len(PLAN.gates)
        VisitorUser.wait_time = constant_throughput(PLAN.per_visitor)
        logging.getLogger("locust").setLevel(logging.ERROR)  # not its advice on spawn rates
        environment = Environment(user_classes=[GateUser, VisitorUser])
        recorder = Recorder()
        environment.events.request.add_listener(recorder)
        runner = environment.create_local_runner()
        cleanup.callback(runner.quit)
        setup_s = time.monotonic() - started
        print(f"setup {setup_s:.0f} s; two gunicorn instances x {args.workers} workers: "
              f"{' '.join(hosts)}", flush=True)  # fmt: skip

        run_stage(runner, recorder, args.scale, 5 if args.quick else 10, len(plan))  # warm-up
        print(f"measuring x{args.scale:g} for {args.seconds:.0f} s …", flush=True)
        scale, visitors = run_stage(runner, recorder, args.scale, args.seconds, len(plan))
        stages = [scale]
        held = [scale.multiple] if not scale.problems() else []
        failed = [] if held else [scale.multiple]
        drain = 30 if args.quick else 90
        for _ in range(args.max_stages):
            multiple = load.next_multiple(held, failed, args.scale)
            needed = 2 * args.stage_seconds + 3 + drain + 15  # rest, stage, drain, teardown
            if multiple is None or time.monotonic() - started + needed > args.budget:
                break
            if stages[-1].problems():
                PLAN.multiple = multiple
                rested = rest(args.stage_seconds, len(plan))
                print(f"  (rested {rested:.0f} s after a missed stage)", flush=True)
            stage, _ = run_stage(runner, recorder, multiple, args.stage_seconds, len(plan))
            stages.append(stage)
            (failed if stage.problems() else held).append(multiple)
            print(f"  x{multiple:g}: {'held' if not stage.problems() else 'missed'}", flush=True)

        PLAN.stopping = True
        PLAN.drain_seconds = drain
        drain_until = time.monotonic() + PLAN.drain_seconds + 10
        while not all(book.finished for book in PLAN.gates) and time.monotonic() < drain_until:
            gevent.sleep(0.5)
        runner.quit()
        servers.stop()
        stored = count_taps(run_url)

    books = PLAN.gates
    journaled = sum(book.journaled for book in books)
    acknowledged = sum(len(book.acknowledged) for book in books)
    kept = sum(len(book.acknowledged & stored.get(book.gate_id, set())) for book in books)
    unacknowledged = sum(len(book.pending) for book in books)
    stored_total = sum(len(s) for s in stored.values())
    lost = (acknowledged - kept) + unacknowledged
    batches = sum(book.batches for book in books)

    print(f"\nFleet-scale proof on {os.cpu_count()} cores (load generator on the same machine; "
          "a shared machine: figures as measured)")  # fmt: skip
    for line in load.describe(scale.planned, len(plan)):
        print("  " + line)
    print(f"\nx{args.scale:g} of the peak for {scale.seconds:.0f} s: {len(plan)} gates and "
          f"{visitors} simulated visitors over 2 gunicorn instances x {args.workers} workers, "
          f"PostgreSQL, Redis; offered {scale.achieved():.1f} req/s of "
          f"{scale.planned.total:.1f} planned")  # fmt: skip
    print("\n".join(load.table(ordered(scale.endpoints))))
    for endpoint in ordered(scale.endpoints):
        for example in endpoint.error_examples:
            print(f"  error ({endpoint.name}): {example}")
    print(
        f"\ntaps: {journaled:,} journaled by the gates, {acknowledged:,} acknowledged "
        f"in {batches:,} batches ({journaled / max(batches, 1):.2f} a batch), "
        f"{stored_total:,} stored; lost {lost} "
        f"({acknowledged - kept} acknowledged but not stored, {unacknowledged} still undelivered "
        f"after the {PLAN.drain_seconds:.0f} s drain: a real gate keeps those in its journal)"
    )
    print("\nheadroom stages:")
    for stage in sorted(stages, key=lambda s: s.multiple):
        worst = max(
            (load.percentile(e.latencies, 0.99) for e in stage.endpoints.values() if e.latencies
             and e.bound == load.P99_BOUND_S),
            default=0.0,
        )  # fmt: skip
        verdict = "held" if not stage.problems() else "missed: " + "; ".join(stage.problems()[:3])
        print(
            f"  x{stage.multiple:<5g} {stage.planned.total:7.1f} req/s planned, "
            f"{stage.achieved():7.1f} offered, worst p99 {worst * 1000:,.0f} ms — {verdict}"
        )
    print("headroom: " + load.headroom(held, failed))
    print(f"total {time.monotonic() - started:.0f} s")
    failures = []
    if lost:
        failures.append(f"{lost} taps lost")
    if scale.problems():
        failures.append(f"x{args.scale:g}: " + "; ".join(scale.problems()))
    for failure in failures:
        print(f"GOAL MISSED: {failure}")
    return 1 if failures else 0


def stop_on_signals() -> None:
    """Ctrl-C or SIGTERM ends the run through its cleanup, whichever greenlet was running
    when it came (a plain handler would only end that greenlet: a gate, a visitor)."""
    main_greenlet = gevent.getcurrent()
    for signum in (signal.SIGINT, signal.SIGTERM):
        gevent.signal_handler(signum, main_greenlet.throw, KeyboardInterrupt)


def analyze(url: str) -> None:
    """Planner statistics, as autovacuum keeps them on a live database (a fresh copy has none),
    and a checkpoint, so the copy's own writes are on disk before the clock starts: without
    them the first run after building the template served a quarter as much."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
        conn.execute("CHECKPOINT")


def drop_database(base_url: str, name: str) -> None:
    with admin_connection(base_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the cleanup has run: servers stopped, database dropped
        sys.exit("interrupted: what the run started is stopped and its database dropped")
