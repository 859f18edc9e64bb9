"""Limits of what the gate API accepts, so nothing a gate sends can overflow a column.

Every integer is bounded below what its column (and JSON number handling on the gate) holds, and
every time must convert to UTC; anything else is a 400 that names the field, never a 500.
"""

import re
from datetime import UTC, datetime

from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field, inline_serializer
from rest_framework import serializers

MAX_SEQUENCE = 2**53 - 1  # exact in every JSON implementation; the column holds 2^63 - 1
MAX_FARE = 10**12  # VND; far above any fare, far below the BigInteger column
MAX_ID = 2**63 - 1  # a primary key column
MAX_BATCH = 1000
MAX_CLOCK_OFFSET_MS = 10**10  # about 115 days
CLOCK_FLAG_MS = 60_000  # a gate whose clock is off by more than a minute is flagged
TIME_ERROR = "an ISO 8601 time of the years 1900-2999 with a UTC offset within ±14 h"

# RFC 3339, years 1900-2999 (a gate whose clock reset to 1970 is still heard, and flagged), an
# offset no wider than any in use (±14 h). Published in the schema and checked first, so the
# server accepts exactly what the contract says; the calendar (no 30 February) is checked after.
TIME_PATTERN = (
    r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]"
    r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"([Zz]|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)$"
)
TIME_SCHEMA = {"type": "string", "format": "date-time", "pattern": TIME_PATTERN}
_TIME = re.compile(TIME_PATTERN)


def parse_bounded_datetime(value: str) -> datetime | None:
    """An aware time in UTC, or None for anything else (month 13, offset +20:00, year 0)."""
    if not _TIME.fullmatch(value):
        return None
    try:
        parsed = parse_datetime(value.upper())
    except ValueError:
        return None
    if parsed is None or timezone.is_naive(parsed):
        return None
    return parsed.astimezone(UTC)


@extend_schema_field(TIME_SCHEMA)
class BoundedDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset, converted to UTC; out-of-range times are a validation error."""

    default_error_messages = {"bounded": TIME_ERROR}

    def to_internal_value(self, value):
        if not isinstance(value, str) or (parsed := parse_bounded_datetime(value)) is None:
            self.fail("bounded")
        return parsed


# Text a gate sends: anything but NUL, which PostgreSQL cannot store. (Lone UTF-16 surrogates,
# which a JSON string may carry but which are no characters, are refused too; adding them to the
# published pattern would make Schemathesis's generator ignore the pattern altogether.)
TEXT_PATTERN = r"^[^\x00]*$"
JOURNAL_ID_PATTERN = r"^[A-Za-z0-9_-]*$"
TICKET_CODE_PATTERN = r"^[A-Z0-9]*$"  # docs/tickets.md: 0-32 of A-Z0-9, empty for card taps


class GateTextField(serializers.CharField):
    """Text from a gate, blank allowed, kept as sent, bounded and matching ``pattern``.

    Published as one plain string schema with maxLength and pattern (a field declared with
    allow_blank is published as a oneOf that the empty string matches twice, i.e. not at all)."""

    def __init__(self, max_length: int, pattern: str = TEXT_PATTERN, **kwargs):
        self.pattern = pattern
        super().__init__(
            max_length=max_length,
            trim_whitespace=False,
            validators=[RegexValidator(pattern, message=f"must match {pattern}")],
            **kwargs,
        )

    def run_validation(self, data=serializers.empty):
        # Blank is allowed, though not declared with allow_blank (which the schema would wrap).
        if data == "":
            return ""
        return super().run_validation(data)


class GateTextFieldSchema(OpenApiSerializerFieldExtension):
    target_class = GateTextField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        return {"type": "string", "maxLength": field.max_length, "pattern": field.pattern}


def gate_text(max_length: int, **kwargs) -> GateTextField:
    return GateTextField(max_length, **kwargs)


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
