"""Issue #12 item 9: the published OpenAPI schema is the gate API's contract, so Schemathesis
generates requests from /api/schema/ (valid, and deliberately invalid) and checks every answer
against it: no 5xx, every status and body documented. Bounded for CI: a few derandomized
examples per operation and mode."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from heritage_cms.cards.models import Entitlement, Product

from .test_gate_api import combo_on, make_gate, topped_up_card

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 10  # per operation and generation mode; derandomized, so every run is the same


@pytest.fixture
def gate_schema():
    """The schema as served, with requests made in-process through the WSGI application.

    As Django's test client does, requests here leave the database connection open: closing it
    between requests would end the test's transaction (on PostgreSQL, with CONN_MAX_AGE 0)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def authenticate_as(schema, token: str) -> None:
    """Send this device token with every case, except those that leave it out on purpose."""

    @schema.auth()
    class DeviceToken:
        def get(self, case, context):
            return token

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Device {data}"}


def run_every_operation(schema) -> int:
    """Every operation, in both modes; returns how many ran."""
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def conforms(case):
                case.call_and_validate()

            conforms()
            ran += 1
    return ran


@pytest.fixture
def known_world(home):
    """A gate at a monument with opening hours, cards and a pass on sale, so generated requests
    meet real rows and every part of the answers is there to check against the schema."""
    from heritage_cms.sites.factories import (
        MonumentOpeningHoursFactory,
        MonumentPageFactory,
        SiteFactory,
    )

    monument = MonumentPageFactory(parent=home, site=SiteFactory(code="dai-noi", capacity=500))
    MonumentOpeningHoursFactory(page=monument, first_day=0, last_day=6, opens="06:30")
    gate, token = make_gate("dai-noi")
    _other, other_token = make_gate("lang-tu-duc")
    combo_on(topped_up_card())
    assert Product.objects.exists() and Entitlement.objects.exists()
    return gate, token, other_token


@pytest.mark.parametrize("who", ["this gate", "another site's gate", "no token", "forged token"])
def test_the_gate_api_answers_as_its_published_schema_says(gate_schema, known_world, who):
    _gate, token, other_token = known_world
    token = {
        "this gate": token,
        "another site's gate": other_token,
        "no token": None,
        "forged token": "forged",
    }[who]
    if token is not None:
        authenticate_as(gate_schema, token)
    assert run_every_operation(gate_schema) == 6
