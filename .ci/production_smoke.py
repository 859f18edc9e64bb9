"""The production stack without a container engine, driven over HTTP only (`make production-smoke`).

Builds the wheel, installs it with the runtime extras into a fresh venv, checks the runtime Debian
packages are there (deploy/runtime-packages.txt, the list the Dockerfile installs), then runs
`migrate`, `collectstatic`, gunicorn (2 workers), two RQ task workers on different queues and the
scheduler against PostgreSQL, Redis and an S3 server (moto's server mode, started here). A
moderator then, over HTTP: publishes a monument page with audio-guide text, uploads a scan and
publishes a relic page showing it; the workers derive the MP3 and the GLB; both are fetched from
their public S3 URLs and checked for content type and cache lifetime. Everything started here is
stopped, and the database and Redis database are dropped, whatever happens.

Needs only the standard library (it runs before any venv exists). Bounded: SMOKE_DEADLINE seconds.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.stack import free_port, writable_dirs  # noqa: E402  (standard library only)

HOST = "smoke.heritage.test"
DEADLINE = time.monotonic() + float(os.environ.get("SMOKE_DEADLINE", "600"))
PASSWORD = secrets.token_urlsafe(16)
METRICS_TOKEN = secrets.token_urlsafe(24)


class SmokeFailed(Exception):
    pass


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def left() -> float:
    remaining = DEADLINE - time.monotonic()
    if remaining <= 0:
        raise SmokeFailed("out of time (SMOKE_DEADLINE)")
    return remaining


def run(command: list[str], **kwargs) -> str:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=left(), check=False, **kwargs
    )
    if result.returncode != 0:
        raise SmokeFailed(f"{' '.join(map(str, command[:3]))} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def wait_for(what: str, check, timeout: float) -> object:
    until = time.monotonic() + min(timeout, left())
    while True:
        try:
            value = check()
        except OSError:
            value = None
        if value:
            return value
        if time.monotonic() > until:
            raise SmokeFailed(f"timed out waiting for {what}")
        time.sleep(0.5)


class Stack:
    """The processes started here, each in its own process group, stopped in reverse order."""

    def __init__(self, logs: Path):
        self.logs, self.processes = logs, []

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(
            command, env=env, cwd=self.logs, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append((name, process))
        return process

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                raise SmokeFailed(f"{name} exited with {process.returncode}:\n{self.tail(name)}")

    def tail(self, name: str, lines: int = 25) -> str:
        text = (self.logs / f"{name}.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                step(f"{name} had to be killed")


class Browser:
    """What the TLS proxy sends gunicorn (HTTPS, the Host, X-Forwarded-For) plus a cookie jar."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        if method == "POST":
            sent |= {"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{path}"}
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, content

    def get(self, path: str, **headers):
        return self.request("GET", path, headers=headers)

    def csrf_token(self, path: str) -> str:
        response, content = self.get(path)
        if response.status != 200:
            raise SmokeFailed(f"GET {path} answered {response.status}")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if not match:
            raise SmokeFailed(f"no CSRF token in {path}")
        return match[1].decode()

    def post_form(self, path: str, fields: dict, files: dict | None = None):
        fields = {"csrfmiddlewaretoken": self.csrf_token(path), **fields}
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                .encode()
            )  # fmt: skip
        for name, (filename, data) in (files or {}).items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            )
            parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, body, {"Content-Type": content_type})

    def expect_redirect(self, what: str, response, content: bytes) -> str:
        if response.status != 302:
            errors = re.findall(rb'class="error-message"[^>]*>\s*(?:<[^>]+>)*([^<]+)', content)
            detail = [e.decode().strip() for e in errors][:5]
            detail = detail or content[:1500].decode(errors="replace")
            raise SmokeFailed(f"{what}: answered {response.status}: {detail}")
        return response.getheader("Location")


def formset(prefix: str) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def page_in_api(browser: Browser, page_type: str, slug: str) -> dict:
    query = urllib.parse.urlencode({"type": page_type, "slug": slug, "locale": "vi"})
    response, content = browser.get(f"/api/v2/pages/?{query}")
    items = json.loads(content)["items"] if response.status == 200 else []
    if not items:
        raise SmokeFailed(f"{page_type} {slug} is not live in the content API")
    return items[0]


def fetch_public(url: str, content_type: str) -> tuple[int, str]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", parts.path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise SmokeFailed(f"GET {url} answered {response.status}")
    got = response.getheader("Content-Type", "")
    cache = response.getheader("Cache-Control", "")
    if got != content_type:
        raise SmokeFailed(f"{url}: Content-Type {got!r}, expected {content_type!r}")
    if "max-age=31536000" not in cache or "immutable" not in cache:
        raise SmokeFailed(f"{url}: Cache-Control {cache!r}, expected a year, immutable")
    return len(body), cache


SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Locale, Page, Site
from heritage_cms.core.models import HomePage

root = Page.get_first_root_node()
vi = Locale.objects.get(language_code="vi")
home = root.add_child(instance=HomePage(title="Huế", slug="hue", locale=vi))
Site.objects.update_or_create(
    is_default_site=True, defaults={"hostname": "%(host)s", "port": 443, "root_page": home}
)
user = get_user_model().objects.create_user("smoke-moderator", "s@example.org", "%(password)s")
user.groups.add(Group.objects.get(name="Moderators"))
# No role uploads scans yet (only superusers): the smoke's moderator is given exactly that.
user.user_permissions.add(*Permission.objects.filter(
    content_type__app_label="collection", codename__in=["add_model3d", "change_model3d"]
))
print(home.pk)
"""

SCAN = """
import sys, trimesh
trimesh.creation.icosphere(subdivisions=3, radius=400.0).export(sys.argv[1])
"""


def smoke(args, work: Path, stack: Stack) -> None:
    python = args.python
    step("checking the runtime Debian packages (deploy/runtime-packages.txt)")
    missing = [
        package
        for package in args.system_packages.split()
        if subprocess.run(["dpkg", "-s", package], capture_output=True).returncode != 0
    ]
    if missing:
        raise SmokeFailed(f"missing runtime packages: {' '.join(missing)} (make system-packages)")

    step("building the wheel")
    run([python, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)])
    wheel = next((work / "dist").glob("hue_heritage_platform-*.whl"))

    venvs = Path(args.reuse_venvs) if args.reuse_venvs else work
    venv, moto = venvs / "venv", venvs / "moto"
    fresh = not (venv / "bin/django-admin").exists()
    step(f"installing {wheel.name}[{args.extras}] into a {'fresh' if fresh else 'kept'} venv")
    if fresh:
        run([python, "-m", "venv", str(venv)])
        run([python, "-m", "venv", str(moto)])
    pip_app = subprocess.Popen(
        [venv / "bin/pip", "install", "-q", "--force-reinstall", "--no-deps", str(wheel)]
        if not fresh else [venv / "bin/pip", "install", "-q", f"{wheel}[{args.extras}]"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    if fresh:
        run([moto / "bin/pip", "install", "-q", "moto[server]>=5,<6"])
    if pip_app.wait(timeout=left()) != 0:
        raise SmokeFailed(f"pip install of the wheel failed:\n{pip_app.stderr.read()[-3000:]}")

    s3_port, web_port = free_port(), free_port()
    stack.start("s3", [str(moto / "bin/moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)], {
        **os.environ, "AWS_ACCESS_KEY_ID": "smoke", "AWS_SECRET_ACCESS_KEY": "smoke",
    })  # fmt: skip
    database = f"heritage_smoke_{os.getpid()}"
    run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {database}"])
    args.created_database = database
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VIRTUAL_ENV"))},
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "heritage_cms.settings.production",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": HOST,
        "BASE_URL": f"https://{HOST}",
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": args.redis_url,
        "TASKS_BACKEND": "django_tasks_rq.RQBackend",
        "STRIPE_API_BASE": "https://api.stripe.com",
        "STRIPE_SECRET_KEY": "sk_test_" + secrets.token_hex(12),
        "STRIPE_WEBHOOK_SECRET": "whsec_" + secrets.token_hex(16),
        "TICKET_SIGNING_KEYS": json.dumps(
            {"smoke": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}
        ),
        "TICKET_SIGNING_KEY_ID": "smoke",
        "S3_BUCKET": "heritage-smoke",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "smoke",
        "S3_SECRET_ACCESS_KEY": "smoke",
        **writable_dirs(work),
        "METRICS_TOKEN": METRICS_TOKEN,
        "LOG_FORMAT": "json",
    }
    admin = [str(venv / "bin/django-admin")]

    def wait_s3() -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", s3_port, timeout=5)
        connection.request("PUT", f"/{env['S3_BUCKET']}")
        return connection.getresponse().status == 200

    wait_for("the S3 server", wait_s3, 60)
    # The README's bucket policy: the derived, content-addressed folders are public, nothing else.
    bucket = env["S3_BUCKET"]
    public = [f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in ("guides/", "models/", "images/")]
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": public},
    ]}  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", s3_port, timeout=10)
    connection.request("PUT", f"/{bucket}?policy", body=json.dumps(policy))
    if connection.getresponse().status != 200:
        raise SmokeFailed("the S3 server refused the bucket policy")
    run(["redis-cli", "-u", args.redis_url, "flushdb"])

    step("migrate, collectstatic")
    run([*admin, "migrate", "--noinput", "-v0"], env=env)
    run([*admin, "collectstatic", "--noinput", "-v0"], env=env)
    setup = SETUP % {"host": HOST, "password": PASSWORD}
    home = int(run([*admin, "shell", "-v0", "-c", setup], env=env).split()[-1])

    step("gunicorn (2 workers), a 3D worker, an audio+default worker, the scheduler")
    metrics_dir = work / "prometheus"
    metrics_dir.mkdir()
    rq_job = ["--job-class", "django_tasks_rq.Job"]
    stack.start("web", [str(venv / "bin/gunicorn"), "heritage_cms.wsgi", "--workers", "2",
                        "--bind", f"127.0.0.1:{web_port}"],
                {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)})  # fmt: skip
    stack.start("worker-3d", [*admin, "rqworker", "models3d", *rq_job], env)
    stack.start("worker-audio", [*admin, "rqworker", "default", "audio", *rq_job], env)
    stack.start("scheduler", [*admin, "run_scheduler"], env)
    browser = Browser(web_port)

    def ready() -> bool:
        stack.check_alive()
        return browser.get("/readyz")[0].status == 200

    wait_for("/readyz", ready, 90)

    step("logging in as a moderator")
    credentials = {"username": "smoke-moderator", "password": PASSWORD}
    login = browser.post_form("/admin/login/", credentials)
    browser.expect_redirect("login", *login)

    step("uploading a scan")
    scan = work / "urn.glb"
    run([str(venv / "bin/python"), "-c", SCAN, str(scan)])
    upload = browser.post_form(
        "/admin/snippets/collection/model3d/add/",
        {"title": "Cao Đỉnh", "units": "mm", "up_axis": "y"},
        {"source": ("urn.glb", scan.read_bytes())},
    )
    browser.expect_redirect("scan upload", *upload)
    _response, listing = browser.get("/admin/snippets/collection/model3d/")
    model_id = re.search(rb"/admin/snippets/collection/model3d/edit/(\d+)/", listing)[1].decode()

    step("publishing a monument page with audio-guide text, and a relic page showing the scan")
    monument = {
        "title": "Lăng Minh Mạng", "slug": "lang-minh-mang",
        "summary": "Hiếu Lăng.", "guide_text": "Lăng vua Minh Mạng được xây từ năm 1840.",
        "history-count": "0", **formset("opening_hours"), **formset("fares"),
        **formset("gallery_images"), "action-publish": "action-publish",
    }  # fmt: skip
    added = browser.post_form(f"/admin/pages/add/heritage_sites/monumentpage/{home}/", monument)
    browser.expect_redirect("monument page", *added)
    monument_page = page_in_api(browser, "heritage_sites.MonumentPage", "lang-minh-mang")
    relic = {
        "title": "Cao Đỉnh", "slug": "cao-dinh", "summary": "Đỉnh lớn nhất.",
        "inventory_number": "HUE-SMOKE-1", "material": "Đồng", "height_cm": "250",
        "condition": "good", "licence": "cc-by-4.0", "model_3d": model_id,
        **formset("images"), **formset("hotspots"), "action-publish": "action-publish",
    }  # fmt: skip
    path = f"/admin/pages/add/collection/relicpage/{monument_page['id']}/"
    browser.expect_redirect("relic page", *browser.post_form(path, relic))
    relic_page = page_in_api(browser, "collection.RelicPage", "cao-dinh")

    step("waiting for the workers: the MP3 on the monument page, the GLB on the relic page")

    def public_url(page: dict, pattern: bytes):
        stack.check_alive()
        page_path = urllib.parse.urlsplit(page["meta"]["html_url"]).path
        response, content = browser.get(page_path)
        if response.status != 200:
            raise SmokeFailed(f"GET {page_path} answered {response.status}")
        match = re.search(pattern, content)
        return match[1].decode() if match else None

    audio, viewer = rb'<audio[^>]* src="([^"]+\.mp3)"', rb'<model-viewer src="([^"]+\.glb)"'
    mp3 = wait_for("the audio guide", lambda: public_url(monument_page, audio), 180)
    glb = wait_for("the 3D levels", lambda: public_url(relic_page, viewer), 300)

    for url, content_type in ((mp3, "audio/mpeg"), (glb, "model/gltf-binary")):
        if not url.startswith(env["S3_ENDPOINT_URL"]):
            raise SmokeFailed(f"{url} is not on the S3 server")
        size, cache = fetch_public(url, content_type)
        step(f"  {url.rsplit('/', 1)[1]}: {size} bytes, {content_type}, {cache}")

    response, content = browser.get("/metrics", Authorization=f"Bearer {METRICS_TOKEN}")
    if response.status != 200 or b'heritage_tasks_waiting{queue="models3d"}' not in content:
        raise SmokeFailed(f"/metrics answered {response.status}")
    if b"django_http_requests_total_by_method_total" not in content:
        raise SmokeFailed("/metrics lacks the request counters")
    workers = {
        name: len(re.findall(r"Job OK", stack.tail(name, 500)))
        for name in ("worker-3d", "worker-audio")
    }
    step(f"tasks done per worker: {workers}; /readyz and /metrics answer")
    venv_mb = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file()) / 1e6
    query = ["dpkg-query", "-W", "-f", "${Installed-Size}\\n"]
    debian_kb = run([*query, *args.system_packages.split()])
    debian_mb = sum(int(n) for n in debian_kb.split()) / 1e3
    step(f"runtime size: venv {venv_mb:.0f} MB; runtime Debian packages (listed, without their "
         f"own dependencies) {debian_mb:.0f} MB")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extras", default="server")
    parser.add_argument("--system-packages", default="")
    parser.add_argument("--python", default=sys.executable)
    # Development only: keep the two venvs in DIR between runs (CI always installs afresh).
    parser.add_argument("--reuse-venvs", metavar="DIR")
    parser.add_argument(
        "--redis-url", default=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    args = parser.parse_args()
    args.created_database = None
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="heritage-smoke-"))
    stack = Stack(work)
    try:
        smoke(args, work, stack)
    except Exception as failure:  # a bug here too: report, then stop everything
        print(f"production smoke FAILED: {failure}", file=sys.stderr)
        for name, _process in stack.processes:
            print(f"--- {name} (last lines)\n{stack.tail(name)}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        if args.created_database:
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                 f"DROP DATABASE IF EXISTS {args.created_database} WITH (FORCE)"],
                check=False,
            )  # fmt: skip
        subprocess.run(["redis-cli", "-u", args.redis_url, "flushdb"], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"production smoke passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
