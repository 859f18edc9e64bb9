"""The production settings and the docker-compose stack, as an operator deploys them.

Settings are loaded in a child process (a module's settings are read once per process), with
the environment an operator writes into ``.env``.
"""

import ast
import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = "heritage_cms.settings.production"
# What an operator sets (see .env.example); each test removes or spoils one of them.
OPERATOR_ENV = {
    "SECRET_KEY": "9f1c4e7a2b8d6f03c5a9e1b7d4f2a6c8e0b3d5f7a9c1e3b5",
    "ALLOWED_HOSTS": "heritage.example.org",
    "BASE_URL": "https://heritage.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/6",
    "STRIPE_SECRET_KEY": "sk_live_51HueHeritageOperatorKey",
    "STRIPE_WEBHOOK_SECRET": "whsec_8xq2HueHeritageEndpointSecret",
    "TICKET_SIGNING_KEYS": '{"k2026a": "Yq3o9m4cI8dV0gQ1tZx7wL2eR5uB6nH3jK8pS1aF4vE"}',
    "TICKET_SIGNING_KEY_ID": "k2026a",
    "STRIPE_API_BASE": "https://api.stripe.com",
}
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name, None) for name in NAMES}, default=str))
"""


def load_production(env: dict, *names: str) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh process with exactly this operator environment."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k in {"PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"NAMES = {list(names)!r}\n{PROBE}"],
        env={**inherited, "DJANGO_SETTINGS_MODULE": PRODUCTION, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def production_settings(env: dict, *names: str) -> dict:
    result = load_production(env, *names)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def refusal(env: dict) -> str:
    """The one-line reason the production settings give for refusing this environment."""
    result = load_production(env)
    assert result.returncode != 0, "production started with an unsafe environment"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: "), result.stderr[-2000:]
    return last.split(": ", 1)[1]


def without(*names: str) -> dict:
    return {k: v for k, v in OPERATOR_ENV.items() if k not in names}


def test_the_operator_environment_starts_production():
    s = production_settings(OPERATOR_ENV, "CACHES", "STRIPE_API_BASE", "DEBUG")
    assert s["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert s["STRIPE_API_BASE"] == "https://api.stripe.com"
    assert s["DEBUG"] is False


# --- Item 6: the rate-limit counters are shared by every gunicorn worker ------------------------


def test_production_refuses_a_per_process_cache():
    reason = refusal(without("REDIS_URL"))
    assert "REDIS_URL" in reason and "\n" not in reason


def test_per_client_limits_are_shared_between_processes_under_production():
    """Two processes (two gunicorn workers) count the same card-page failures in Redis."""
    pytest.importorskip("redis")
    count = """
import django
django.setup()
from django.core.cache import cache
cache.add("deploy-test:failures", 0)
print(cache.incr("deploy-test:failures"))
"""
    clear = "import django; django.setup(); from django.core.cache import cache; cache.clear()"
    env = {**OPERATOR_ENV, "DJANGO_SETTINGS_MODULE": PRODUCTION, "PATH": os.environ["PATH"]}

    def run(code: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if "Connection refused" in result.stderr or "Error 111" in result.stderr:
            pytest.skip("needs the Redis server on 127.0.0.1:6379")
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout.strip()

    run(clear)
    try:
        assert [run(count) for _worker in range(3)] == ["1", "2", "3"]
    finally:
        run(clear)


# --- Item 11: no repository default for Stripe reaches production -------------------------------


@pytest.mark.parametrize("name", ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"])
def test_production_refuses_a_missing_stripe_secret(name):
    assert name in refusal(without(name))
    assert name in refusal({**OPERATOR_ENV, name: ""})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STRIPE_SECRET_KEY", "sk_test_heritage_sandbox"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_heritage_sandbox"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_change-me"),
    ],
)
def test_production_refuses_the_repository_stripe_secrets(name, value):
    assert name in refusal({**OPERATOR_ENV, name: value})


@pytest.mark.parametrize(
    "base",
    [
        "http://127.0.0.1:12111",
        "http://localhost:12111",
        "http://[::1]:12111",
        "http://127.8.0.1",
        "https://sandbox.localhost",
        "not a url",
    ],
)
def test_production_refuses_a_local_stripe_api(base):
    assert "STRIPE_API_BASE" in refusal({**OPERATOR_ENV, "STRIPE_API_BASE": base})


def test_production_defaults_to_stripes_own_api():
    s = production_settings(without("STRIPE_API_BASE"), "STRIPE_API_BASE")
    assert s["STRIPE_API_BASE"] == "https://api.stripe.com"


def test_production_refuses_the_example_secret_key():
    example = dict(line.split("=", 1) for line in _env_example_assignments())
    assert "SECRET_KEY" in refusal({**OPERATOR_ENV, "SECRET_KEY": example["SECRET_KEY"]})


def _env_example_assignments() -> list[str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if re.match(r"^[A-Z][A-Z0-9_]*=", line)]


def _variables_the_settings_read() -> set[str]:
    """Every NAME in env("NAME"), env.str("NAME", …), env.db_url("NAME") … of the settings."""
    names = set()
    for module in (ROOT / "heritage_cms/settings").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "env"
                and func.attr != "read_env"
            )
            first = node.args[0]
            if reads_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    return names


def test_every_variable_the_settings_read_is_in_env_example():
    read = _variables_the_settings_read()
    assert {"SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "S3_REGION", "EMAIL_HOST"} <= read
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", _env_text(), flags=re.M))
    assert not read - documented, f".env.example lacks {sorted(read - documented)}"


def _env_text() -> str:
    return (ROOT / ".env.example").read_text(encoding="utf-8")


def test_docker_compose_passes_every_variable_the_settings_read():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    env_file = re.search(r"^  env_file: (\S+)$", compose, flags=re.M)
    assert env_file, "the app services take their variables from an env_file"
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)$", (ROOT / env_file[1]).read_text(), re.M))
    set_by_compose = set(re.findall(r"^    ([A-Z][A-Z0-9_]*): ", compose, flags=re.M))
    missing = _variables_the_settings_read() - listed - set_by_compose
    assert not missing, f"docker-compose does not pass {sorted(missing)}"


def test_env_example_values_carry_no_inline_comment():
    """Neither docker-compose nor django-environ strips "  # …" after a value."""
    assert [line for line in _env_example_assignments() if " #" in line] == []


# --- Item 12: the compose health check passes under the production settings --------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """STATIC_ROOT with the files and manifest collectstatic makes, as the image's build does."""
    root = tmp_path_factory.mktemp("static")
    env = {**os.environ, **OPERATOR_ENV, "DJANGO_SETTINGS_MODULE": PRODUCTION}
    env |= {"STATIC_ROOT": str(root), "DATABASE_URL": "sqlite://:memory:"}
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    result = subprocess.run(collect, env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return root


@pytest.fixture
def production_gunicorn(tmp_path, collected_static):
    """gunicorn as docker-compose runs it (production settings, 2 workers) on a free port."""
    port = _free_port()
    env = {
        **os.environ,
        **OPERATOR_ENV,
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}",
        "STATIC_ROOT": str(collected_static),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "heritage_cms.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # until a worker has loaded Django and answers
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/", headers={"Host": OPERATOR_ENV["ALLOWED_HOSTS"]})
            connection.getresponse().read()
            connection.close()
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited: {server.stderr.read()[-2000:]}")
            time.sleep(0.2)
    yield port, env
    server.terminate()
    server.wait(timeout=30)


def _compose_healthcheck() -> list[str]:
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    command = json.loads(re.search(r"^      test: (\[.*\])$", compose, flags=re.M)[1])
    assert command[0] == "CMD"
    return command[1:]


def test_compose_healthcheck_passes_against_production_gunicorn(production_gunicorn):
    port, env = production_gunicorn
    command = _compose_healthcheck()
    assert command[0] == "python"
    result = subprocess.run(
        [sys.executable, *command[1:], "--url", f"http://127.0.0.1:{port}/healthz"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_only_the_health_check_is_exempt_from_the_https_redirect(production_gunicorn):
    port, _env = production_gunicorn
    host = OPERATOR_ENV["ALLOWED_HOSTS"]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path, expected in [("/healthz", 200), ("/en/", 301), ("/admin/", 301)]:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        response.read()
        assert response.status == expected, path
        if expected == 301:
            assert response.getheader("Location") == f"https://{host}{path}"
    # Behind the proxy (X-Forwarded-Proto: https) the health check is an ordinary secure request.
    connection.request("GET", "/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    assert response.status == 200 and json.loads(response.read()) == {"status": "ok"}
    connection.close()


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("heritage.example.org,www.heritage.example.org", "heritage.example.org"),
        (".example.org", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_healthcheck_names_a_host_the_settings_allow(allowed, host):
    from heritage_cms.core.healthcheck import host_header

    assert host_header(allowed) == host


# --- Item 14: the demo's published login and printed card codes stay out of production ---------


@pytest.mark.parametrize("command", ["seed_demo", "run_stripe_sandbox"])
def test_the_demo_is_not_installed_under_production_settings(tmp_path, command):
    """The demo app (published login, printed card codes, the Stripe sandbox) is added by the
    development and test settings only: production does not know its commands."""
    database = tmp_path / "production.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", command],
        env={
            **os.environ,
            **OPERATOR_ENV,
            "DJANGO_SETTINGS_MODULE": PRODUCTION,
            "DATABASE_URL": f"sqlite:///{database}",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Unknown command: '{command}'")
    assert "Traceback" not in result.stderr
    if database.exists():  # system checks may open it; nothing may be written
        with sqlite3.connect(database) as connection:
            assert connection.execute("SELECT name FROM sqlite_master").fetchall() == []


# --- Item 15: gunicorn is reachable only through the proxy, which names the client --------------


def _compose() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_publishes_gunicorn_on_loopback_only():
    """Published on every interface, gunicorn would take X-Forwarded-* from anyone."""
    published = {name: service.get("ports", []) for name, service in _compose()["services"].items()}
    assert published["web"], "the proxy on the host reaches gunicorn through a published port"
    for name, ports in published.items():
        for port in ports:
            assert str(port).startswith(("127.0.0.1:", "[::1]:")), f"{name} publishes {port}"


def test_compose_counts_one_trusted_proxy_and_production_reads_it():
    environment = _compose()["services"]["web"]["environment"]
    assert environment["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
    s = production_settings({**OPERATOR_ENV, "TRUSTED_PROXY_COUNT": "1"}, "TRUSTED_PROXY_COUNT")
    assert s["TRUSTED_PROXY_COUNT"] == 1


def test_the_example_proxy_overwrites_the_forwarded_headers():
    conf = (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "proxy_set_header X-Forwarded-Proto https;" in conf
    directives = [line.split("#")[0] for line in conf.splitlines()]
    assert not [line for line in directives if "$proxy_add_x_forwarded_for" in line]
    assert "proxy_pass http://127.0.0.1:8000;" in conf


# --- Item 13: the policy and every cookie under the production settings -------------------------


def test_production_sends_the_policy_and_only_secure_cookies():
    s = production_settings(
        OPERATOR_ENV,
        "MIDDLEWARE",
        "SECURE_CSP",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    )
    assert "heritage_cms.core.csp.ContentSecurityPolicyMiddleware" in s["MIDDLEWARE"]
    assert s["SECURE_CSP"]["default-src"] == ["'self'"]
    assert s["LANGUAGE_COOKIE_SECURE"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]


def test_production_gunicorn_answers_with_the_policy(production_gunicorn):
    port, _env = production_gunicorn
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": OPERATOR_ENV["ALLOWED_HOSTS"], "X-Forwarded-Proto": "https"}
    connection.request("GET", "/healthz", headers=headers)  # this database has no tables
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    policy = response.getheader("Content-Security-Policy")
    assert policy and "default-src 'self'" in policy and "object-src 'none'" in policy
    connection.close()


# --- Items 6 and 15 together: three gunicorn workers behind the proxy count one client as one ---

SETUP_CARD = """
import django
django.setup()
from django.core.cache import cache
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)  # as the image's build does
cache.clear()
from heritage_cms.cards.issuing import issue_card
issue_card("9704180200000999", "04AB12CD34EF99", access_code="HUE999")
"""


@pytest.fixture
def card_site_behind_proxy(tmp_path):
    """A migrated production instance with one card, served by three gunicorn workers."""
    env = {
        **os.environ,
        **OPERATOR_ENV,
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cards.sqlite3'}",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    setup = subprocess.run(
        [sys.executable, "-c", SETUP_CARD], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if "Connection refused" in setup.stderr or "Error 111" in setup.stderr:
        pytest.skip("needs the Redis server on 127.0.0.1:6379")
    assert setup.returncode == 0, setup.stderr[-2000:]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "heritage_cms.wsgi", "-w3", f"-b127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


class Proxy:
    """What the TLS proxy sends gunicorn: HTTPS, the Host, and its own X-Forwarded-For."""

    def __init__(self, port: int):
        self.port, self.host = port, OPERATOR_ENV["ALLOWED_HOSTS"]
        self.csrf = None

    def request(self, method: str, path: str, client: str, body: str = "", forged: str = ""):
        # A new connection each time, so the workers take turns.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            # What the client wrote (forged) is kept to the left; the proxy adds what it saw.
            "X-Forwarded-For": f"{forged}, {client}" if forged else client,
        }
        if method == "POST":
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{self.host}",
                "Referer": f"https://{self.host}{path}",
                "Cookie": f"csrftoken={self.csrf}",
            }
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        connection.close()
        return response, content

    def open_card_page(self, client: str) -> None:
        deadline = time.monotonic() + 90
        while True:
            try:
                response, _ = self.request("GET", "/en/card/", client)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.3)
        assert response.status == 200
        cookie = response.getheader("Set-Cookie")
        self.csrf = re.search(r"csrftoken=([^;]+)", cookie)[1]

    def try_code(self, client: str, number: str, code: str, forged: str = "") -> int:
        body = f"csrfmiddlewaretoken={self.csrf}&number={number}&code={code}"
        response, _ = self.request("POST", "/en/card/", client, body, forged)
        return response.status


@pytest.mark.slow
def test_gunicorn_workers_share_the_card_code_limit_per_real_client(card_site_behind_proxy):
    proxy = Proxy(card_site_behind_proxy)
    guesser, neighbour = "203.0.113.7", "198.51.100.9"
    proxy.open_card_page(guesser)

    # Wrong codes for one card, spread over three workers: the fifth is the last one heard.
    answers = [proxy.try_code(guesser, "9704180200000999", f"BAD{n:03}") for n in range(8)]
    assert answers == [400] * 5 + [429] * 3

    # Walking through card numbers: a bound per client, whatever it writes in the header.
    from heritage_cms.cards.access import PER_CLIENT

    per_client = int(PER_CLIENT.split("/")[0])
    for n in range(per_client - 5):  # the 5 heard above count too (refused ones do not)
        status = proxy.try_code(guesser, f"97041802000{n:05}", "HUE000", forged=f"10.0.0.{n}")
        assert status == 400, n
    assert proxy.try_code(guesser, "9704180200012345", "HUE000", forged="10.9.9.9") == 429
    # Another visitor behind the same proxy is not locked out.
    assert proxy.try_code(neighbour, "9704180200012345", "HUE000") == 400
