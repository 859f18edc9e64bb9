"""/metrics (token only), /readyz (names what failed), request ids, the static-manifest guard."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from heritage_cms.cards.models import Gate, Tap
from heritage_cms.core.tasks import publish_scheduled
from heritage_cms.settings.base import TASK_QUEUES
from heritage_cms.sites.factories import SiteFactory

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "scrape-me-0123456789abcdef"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}


def samples(response) -> dict[tuple[str, tuple], float]:
    text = response.content.decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def make_gate(site: str, seen_ago: timedelta | None, pending: int = 0) -> Gate:
    gate = Gate(name=f"Gate {site}", site=SiteFactory(code=site))
    gate.issue_token()
    gate.last_seen_at = timezone.now() - seen_ago if seen_ago is not None else None
    gate.last_report = {"journal_pending": pending, "oldest_undelivered_age_seconds": 40}
    gate.save()
    return gate


@pytest.mark.django_db
@override_settings(METRICS_TOKEN=TOKEN)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}x"])
def test_metrics_are_hidden_without_the_token(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert "heritage_" not in response.content.decode()


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="")
def test_metrics_are_off_without_a_configured_token(client):
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 403


@pytest.mark.django_db(transaction=True)
@override_settings(METRICS_TOKEN=TOKEN, TASKS=DATABASE_TASKS)
def test_metrics_report_queues_gates_taps_and_requests(client):
    publish_scheduled.enqueue()
    online = make_gate("dai-noi", timedelta(seconds=20), pending=3)
    make_gate("dai-noi", timedelta(hours=2), pending=5)
    make_gate("lang-tu-duc", None)
    for sequence, decision in enumerate(["entered", "entered", "refused"], start=1):
        Tap.objects.create(
            gate=online, sequence=sequence, occurred_at=timezone.now(), decision=decision
        )
    client.get("/healthz")

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    found = samples(response)
    waiting = DBTaskResult.objects.filter(status="READY", queue_name="default").count()
    assert waiting >= 1, "ours, and whatever Wagtail queued on saving"
    assert found["heritage_tasks_waiting", (("queue", "default"),)] == waiting
    assert found["heritage_tasks_waiting", (("queue", "models3d"),)] == 0
    assert found["heritage_tasks_oldest_waiting_seconds", (("queue", "default"),)] >= 0
    assert found["heritage_gates_online", (("site", "dai-noi"),)] == 1
    assert found["heritage_gates_offline", (("site", "dai-noi"),)] == 1
    assert found["heritage_gates_offline", (("site", "lang-tu-duc"),)] == 1
    assert found["heritage_gate_taps_waiting", (("site", "dai-noi"),)] == 8
    assert found["heritage_taps_ingested_total", (("decision", "entered"),)] == 2
    assert found["heritage_taps_ingested_total", (("decision", "refused"),)] == 1
    assert found["heritage_stripe_webhook_events_total", (("outcome", "processed"),)] == 0
    assert any(name == "django_http_requests_total_by_method_total" for name, _ in found)


@pytest.mark.django_db
def test_readyz_answers_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.django_db
def test_readyz_names_the_dependency_that_failed(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "heritage_cms.settings.production",
    "SECRET_KEY": "9f1c4e7a2b8d6f03c5a9e1b7d4f2a6c8e0b3d5f7a9c1e3b5",
    "ALLOWED_HOSTS": "heritage.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/8",
    "STRIPE_SECRET_KEY": "sk_live_51HueHeritageOperatorKey",
    "STRIPE_WEBHOOK_SECRET": "whsec_8xq2HueHeritageEndpointSecret",
    "TICKET_SIGNING_KEYS": '{"k2026a": "Yq3o9m4cI8dV0gQ1tZx7wL2eR5uB6nH3jK8pS1aF4vE"}',
    "TICKET_SIGNING_KEY_ID": "k2026a",
}


def test_the_web_server_refuses_to_start_without_the_static_manifest(tmp_path):
    env = {**os.environ, **PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path / "never-collected")}
    result = subprocess.run(
        [sys.executable, "-c", "import heritage_cms.wsgi"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "django.core.exceptions.ImproperlyConfigured: No static files manifest in STATIC_ROOT: "
        "run `manage.py collectstatic --noinput` before starting the web server (the Docker "
        "image does it when it is built)."
    )


def test_production_logs_one_json_object_a_line_with_the_request_id(tmp_path):
    script = (
        "import django, logging; django.setup();"
        "from log_request_id import local; local.request_id = 'abc123';"
        "logging.getLogger('heritage').warning('gate %s offline', 'Ngọ Môn')"
    )
    env = {**os.environ, **PRODUCTION_ENV, "STRIPE_API_BASE": "https://api.stripe.com"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "gate Ngọ Môn offline"
    assert (line["level"], line["name"], line["request_id"]) == ("WARNING", "heritage", "abc123")
