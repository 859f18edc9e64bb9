"""Alerts: one per rule and subject while the condition lasts, acknowledged by a named person,
closed when it clears, delivered once by e-mail and by a signed webhook."""

import json
import threading
from contextlib import ExitStack
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from heritage_cms.cards.models import Gate
from heritage_cms.core.factories import UserFactory, default_site_home
from heritage_cms.core.management.commands.run_scheduler import schedule
from heritage_cms.core.roles import OPERATIONS
from heritage_cms.guides.models import AudioGuide
from heritage_cms.operations import alerts, notify
from heritage_cms.operations.models import Alert, OperatorScope, SiteAlertSettings
from heritage_cms.operations.tasks import evaluate_alerts
from heritage_cms.sites.factories import MonumentPageFactory

from .conftest import Journal, funded_card, make_gate, recently

pytestmark = pytest.mark.django_db


def silence(gate: Gate, minutes: int) -> None:
    Gate.objects.filter(pk=gate.pk).update(last_seen_at=timezone.now() - timedelta(minutes=minutes))


def test_a_silent_gate_raises_exactly_one_alert_until_it_speaks_again():
    gate = make_gate("dai-noi", "Ngọ Môn 1")
    silence(gate, 1)
    assert alerts.evaluate().opened == []
    silence(gate, 6)
    first = alerts.evaluate()
    assert [a.rule for a in first.opened] == ["gate_silent"]
    for _ in range(3):
        again = alerts.evaluate()
        assert again.opened == [] and again.still_open == 1
    assert Alert.objects.count() == 1
    silence(gate, 0)  # a heartbeat arrives
    assert alerts.evaluate().closed == 1
    assert Alert.objects.get().closed_at is not None
    silence(gate, 10)  # silent again: a new alert, the old one stays in history
    assert len(alerts.evaluate().opened) == 1
    assert Alert.objects.count() == 2


def test_the_database_refuses_a_second_open_alert_for_the_same_rule_and_subject():
    now = timezone.now()
    fields = {"rule": "gate_silent", "subject": "gate:1", "message": "x"}
    Alert.objects.create(**fields, opened_at=now, last_seen_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**fields, opened_at=now, last_seen_at=now)
    Alert.objects.update(closed_at=now)
    Alert.objects.create(**fields, opened_at=now, last_seen_at=now)  # closed ones don't count


def test_thresholds_are_per_monument():
    gate = make_gate("dai-noi", "Ngọ Môn 1")
    other = make_gate("lang-tu-duc", "Vụ Khiêm Môn")
    SiteAlertSettings.objects.create(site=gate.site, silent_minutes=30)
    silence(gate, 10)
    silence(other, 10)
    assert [a.subject for a in alerts.evaluate().opened] == [f"gate:{other.pk}"]


def test_a_monuments_own_refusal_rate_thresholds_apply_to_it_alone():
    own = Journal(make_gate("dai-noi", "Ngọ Môn 1"))
    default = Journal(make_gate("lang-tu-duc", "Vụ Khiêm Môn"))
    SiteAlertSettings.objects.create(
        site=own.gate.site, refusal_min_taps=5, refusal_rate_factor=Decimal("1.5")
    )
    card = funded_card(10_000_000)
    at = recently()
    for journal in (own, default):
        journal.taps(card, 4, at=at)
        journal.taps(card, 2, at=at, decision="refused", reason="passback")
    opened = alerts.evaluate().opened
    assert [(a.rule, a.site_id) for a in opened] == [("refusal_rate", own.gate.site_id)]


def test_backlog_occupancy_forged_cards_refusal_rate_and_failed_jobs():
    entry = Journal(make_gate("dai-noi", "Ngọ Môn 1", capacity=10))
    Gate.objects.filter(pk=entry.gate.pk).update(
        last_seen_at=timezone.now(), last_report={"journal_pending": 900}
    )
    card = funded_card(10_000_000)
    at = recently()
    entry.taps(card, 9, at=at)  # 90 % of capacity
    entry.taps(card, 3, at=at, decision="refused", reason="cloned_card")
    AudioGuide.objects.create(page=_page(), status="failed", reason="engine_unavailable")
    rules = sorted(a.rule for a in alerts.evaluate().opened)
    assert rules == ["forged_cards", "job_failed", "journal_backlog", "occupancy_high"]

    entry.taps(card, 1, at=at)  # 100 %: "full" replaces "nearly full"
    entry.taps(card, 30, at=at, decision="refused", reason="passback")
    result = alerts.evaluate()
    assert sorted(a.rule for a in result.opened) == ["occupancy_full", "refusal_rate"]
    assert result.closed == 1
    assert not Alert.objects.filter(rule="occupancy_high", closed_at__isnull=True).exists()


def _page():
    return MonumentPageFactory(parent=default_site_home(Locale.objects.get(language_code="vi")))


def test_a_task_waiting_too_long_in_its_queue_raises_an_alert(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    evaluate_alerts.enqueue()
    assert alerts.evaluate().opened == []
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=30))
    assert [a.subject for a in alerts.evaluate().opened] == ["queue:default"]


def test_acknowledging_names_the_person_and_takes_the_alert_off_the_open_list(client, operator):
    gate = make_gate("dai-noi", "Ngọ Môn 1")
    silence(gate, 20)
    alert = alerts.evaluate().opened[0]
    client.force_login(operator)
    open_before = [a for a in client.get(reverse("operations:board_data")).json()["alerts"]]
    assert [a["acknowledged_at"] for a in open_before] == [None]

    response = client.post(
        reverse("operations:acknowledge", args=[alert.pk]),
        {"note": "Đã gọi kỹ thuật viên — cổng mất điện."},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["acknowledged"] is True
    alert.refresh_from_db()
    assert alert.acknowledged_by == operator and alert.acknowledged_at is not None
    assert alert.note == "Đã gọi kỹ thuật viên — cổng mất điện."
    shown = client.get(reverse("operations:board_data")).json()["alerts"][0]
    assert shown["acknowledged_by"] == "Trần Thị Hoa"
    # A second acknowledgement does not overwrite the first person's.
    again = client.post(reverse("operations:acknowledge", args=[alert.pk]), {"note": "me too"})
    assert again.status_code == 302
    alert.refresh_from_db()
    assert alert.note.startswith("Đã gọi")
    # Still silent: still one alert, acknowledged, not a new one.
    assert alerts.evaluate().opened == []


def test_an_operator_cannot_acknowledge_another_monuments_alert(client):
    gate = make_gate("dai-noi", "Ngọ Môn 1")
    other = make_gate("lang-tu-duc", "Vụ Khiêm Môn")
    user = UserFactory(groups=[OPERATIONS])
    OperatorScope.objects.create(user=user).sites.set([other.site])
    silence(gate, 20)
    alert = alerts.evaluate().opened[0]
    client.force_login(user)
    response = client.post(reverse("operations:acknowledge", args=[alert.pk]))
    assert response.status_code in (302, 404)  # not found (LocaleMiddleware redirects a 404)
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    assert client.get(reverse("operations:board_data")).json()["alerts"] == []


class Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/hue", Receiver.received
    server.shutdown()
    server.server_close()


def test_a_new_alert_is_mailed_and_posted_signed_once(settings, receiver, operator):
    url, received = receiver
    settings.OPERATIONS_ALERT_WEBHOOK_URL = url
    settings.OPERATIONS_ALERT_WEBHOOK_SECRET = "bí-mật-của-tỉnh"
    settings.OPERATIONS_ALERT_EMAILS = ["trungtam@hue.gov.vn"]
    gate = make_gate("dai-noi", "Ngọ Môn 1")
    silence(gate, 20)
    evaluate_alerts.call()
    evaluate_alerts.call()  # the condition lasts: nothing sent again

    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"trungtam@hue.gov.vn", operator.email}
    assert "Ngọ Môn 1" in mail.outbox[0].body
    assert len(received) == 1
    headers, body = received[0]
    signature = headers[notify.SIGNATURE_HEADER]
    assert notify.verify(body, signature, "bí-mật-của-tỉnh")
    assert not notify.verify(body, signature, "wrong secret")
    forged = body.replace(b"gate_silent", b"gate_happy")
    assert not notify.verify(forged, signature, "bí-mật-của-tỉnh")
    payload = json.loads(body)
    assert payload["rule"] == "gate_silent" and payload["site"] == "dai-noi"
    alert = Alert.objects.get()
    assert alert.emailed_at is not None and alert.webhook_status == "delivered (204)"


def test_a_receiver_that_is_down_is_noted_on_the_alert_not_raised(settings):
    settings.OPERATIONS_ALERT_WEBHOOK_URL = "http://127.0.0.1:9/down"
    settings.OPERATIONS_ALERT_WEBHOOK_SECRET = "s"
    silence(make_gate("dai-noi", "Ngọ Môn 1"), 20)
    evaluate_alerts.call()
    assert Alert.objects.get().webhook_status.startswith("not delivered")


def test_the_scheduler_enqueues_the_alert_evaluation():
    assert (evaluate_alerts, 60) in [(task, every) for task, every in schedule()]


def test_an_operator_edits_the_thresholds_of_their_monuments_only(client):
    mine = make_gate("lang-tu-duc", "Vụ Khiêm Môn").site
    theirs = make_gate("dai-noi", "Ngọ Môn 1").site
    user = UserFactory(groups=[OPERATIONS])
    OperatorScope.objects.create(user=user).sites.set([mine])
    other = SiteAlertSettings.objects.create(site=theirs)
    client.force_login(user)
    add = reverse("wagtailsnippets_operations_sitealertsettings:add")
    assert client.get(add).status_code == 200
    client.post(add, {"site": theirs.pk, "silent_minutes": 1})
    assert not SiteAlertSettings.objects.filter(site=theirs, silent_minutes=1).exists()
    edit = reverse("wagtailsnippets_operations_sitealertsettings:edit", args=[other.pk])
    response = client.get(edit)
    assert response.status_code in (302, 404)
    listing = client.get(reverse("wagtailsnippets_operations_sitealertsettings:list"))
    assert listing.status_code == 200


def start_receiver(stack):
    """A real HTTP server on loopback that keeps what it is posted; stopped by ``stack``."""
    received: list = []

    class Keep(Receiver):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

    server = HTTPServer(("127.0.0.1", 0), Keep)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stack.callback(server.server_close)
    stack.callback(server.shutdown)
    return f"http://127.0.0.1:{server.server_port}", received


def test_each_monument_posts_to_its_own_webhook_signed_with_its_own_secret(settings):
    with ExitStack() as stack:
        dai_noi_url, dai_noi_received = start_receiver(stack)
        tu_duc_url, tu_duc_received = start_receiver(stack)
        province_url, province_received = start_receiver(stack)
        settings.OPERATIONS_ALERT_WEBHOOK_URL = f"{province_url}/province"
        settings.OPERATIONS_ALERT_WEBHOOK_SECRET = "bí-mật-của-tỉnh"
        dai_noi = make_gate("dai-noi", "Ngọ Môn 1")
        tu_duc = make_gate("lang-tu-duc", "Vụ Khiêm Môn")
        khai_dinh = make_gate("lang-khai-dinh", "Cổng chính")  # no webhook of its own
        SiteAlertSettings.objects.create(
            site=dai_noi.site, webhook_url=f"{dai_noi_url}/dai-noi", webhook_secret="bí-mật-đại-nội"
        )
        SiteAlertSettings.objects.create(
            site=tu_duc.site, webhook_url=f"{tu_duc_url}/tu-duc", webhook_secret="bí-mật-tự-đức"
        )
        for gate in (dai_noi, tu_duc, khai_dinh):
            silence(gate, 20)
        evaluate_alerts.call()
        evaluate_alerts.call()  # the conditions last: nothing posted again

    for received, path, secret, code in (
        (dai_noi_received, "/dai-noi", "bí-mật-đại-nội", "dai-noi"),
        (tu_duc_received, "/tu-duc", "bí-mật-tự-đức", "lang-tu-duc"),
        (province_received, "/province", "bí-mật-của-tỉnh", "lang-khai-dinh"),
    ):
        assert len(received) == 1, code
        got_path, headers, body = received[0]
        assert got_path == path
        assert notify.verify(body, headers[notify.SIGNATURE_HEADER], secret)
        assert not notify.verify(body, headers[notify.SIGNATURE_HEADER], "bí-mật-của-tỉnh") or (
            code == "lang-khai-dinh"
        )
        assert json.loads(body)["site"] == code
    assert set(Alert.objects.values_list("webhook_status", flat=True)) == {"delivered (204)"}


def test_the_webhook_is_edited_beside_the_thresholds_and_its_secret_never_shown(client):
    site = make_gate("dai-noi", "Ngọ Môn 1").site
    user = UserFactory(groups=[OPERATIONS])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks the user's language, not the request's
    profile.save()
    OperatorScope.objects.create(user=user).sites.set([site])
    client.force_login(user)
    add = reverse("wagtailsnippets_operations_sitealertsettings:add")
    fields = {
        "site": site.pk,
        "silent_minutes": 5,
        "offline_minutes": 60,
        "backlog_taps": 500,
        "occupancy_warning_percent": 90,
        "occupancy_full_percent": 100,
        "forged_cards": 3,
        "refusal_rate_factor": "2.0",
        "refusal_min_taps": 30,
    }
    refused = client.post(
        add, {**fields, "webhook_url": "ftp://hue.gov.vn/hook", "webhook_secret": "s" * 20}
    )
    assert refused.status_code == 200
    assert "starting with http:// or https://" in refused.content.decode()
    unsigned = client.post(add, {**fields, "webhook_url": "https://hue.gov.vn/hook"})
    assert "needs a signing secret" in unsigned.content.decode()
    assert not SiteAlertSettings.objects.exists()

    secret = "khoá-ký-của-đại-nội-2026"
    client.post(add, {**fields, "webhook_url": "https://hue.gov.vn/hook", "webhook_secret": secret})
    stored = SiteAlertSettings.objects.get(site=site)
    assert (stored.webhook_url, stored.webhook_secret) == ("https://hue.gov.vn/hook", secret)

    edit = reverse("wagtailsnippets_operations_sitealertsettings:edit", args=[stored.pk])
    page = client.get(edit).content.decode()
    assert secret not in page and secret[:-3] not in page
    assert "…026" in page  # its last characters say which secret is set
    # Saved again with the secret left empty: the stored secret stays.
    client.post(edit, {**fields, "webhook_url": "http://10.0.0.5/hook", "webhook_secret": ""})
    stored.refresh_from_db()
    assert (stored.webhook_url, stored.webhook_secret) == ("http://10.0.0.5/hook", secret)
