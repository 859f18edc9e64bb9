"""Limits of what the gate API accepts, so nothing a gate sends can overflow a column.

Every integer is bounded below what its column (and JSON number handling on the gate) holds, and
every time must convert to UTC; anything else is a 400 that names the field, never a 500.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

MAX_SEQUENCE = 2**53 - 1  # exact in every JSON implementation; the column holds 2^63 - 1
MAX_FARE = 10**12  # VND; far above any fare, far below the BigInteger column
MAX_ID = 2**63 - 1  # a primary key column
MAX_BATCH = 1000
MAX_CLOCK_OFFSET_MS = 10**10  # about 115 days
CLOCK_FLAG_MS = 60_000  # a gate whose clock is off by more than a minute is flagged
MAX_UTC_OFFSET = timedelta(hours=14)  # the widest offset in use (Line Islands)

TIME_ERROR = "an ISO 8601 time with a UTC offset within ±14 h"


def parse_bounded_datetime(value: str) -> datetime | None:
    """An aware time in UTC, or None for anything else (month 13, offset +20:00, year 0)."""
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None or timezone.is_naive(parsed):
        return None
    offset = parsed.utcoffset()
    if offset is None or abs(offset) > MAX_UTC_OFFSET:
        return None
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        return None


class BoundedDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset, converted to UTC; out-of-range times are a validation error."""

    default_error_messages = {"bounded": TIME_ERROR}

    def to_internal_value(self, value):
        if not isinstance(value, str) or (parsed := parse_bounded_datetime(value)) is None:
            self.fail("bounded")
        return parsed


_REFUSED = inline_serializer(
    "Refused",
    fields={"detail": serializers.CharField(help_text="Why, e.g. unknown_or_revoked_gate.")},
)

ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="Invalid request: each offending field with the reasons, or `detail`.",
    ),
    401: OpenApiResponse(_REFUSED, description="No device token, or an unknown or revoked one."),
}


def with_errors(success) -> dict:
    """The responses of a gate endpoint for the schema: its answer and the refusals."""
    return {200: success, **ERRORS}
