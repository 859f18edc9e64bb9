"""Flags a gate raises by what it reports about itself (per-tap flags are raised by ingest)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Gate, GateAnomaly


def open_clock_flag(gate: Gate):
    return GateAnomaly.objects.filter(
        gate=gate, kind=GateAnomaly.Kind.CLOCK_SKEW, tap__isnull=True, reviewed_at__isnull=True
    )


def flag_gate_clock(gate: Gate, offset_ms: int) -> None:
    """One open flag per gate (a constraint holds it under concurrent heartbeats); later
    heartbeats update its latest offset, so the reviewer sees whether it is getting worse."""
    now = timezone.now().isoformat()
    latest = {"latest_offset_ms": offset_ms, "latest_at": now}
    if open_clock_flag(gate).exists():
        _update_latest(gate, latest)
        return
    try:
        with transaction.atomic():
            GateAnomaly.objects.create(
                gate=gate,
                kind=GateAnomaly.Kind.CLOCK_SKEW,
                detail={"clock_offset_ms": offset_ms, "reported_at": now, **latest},
            )
    except IntegrityError:  # another heartbeat raised it first
        _update_latest(gate, latest)


def _update_latest(gate: Gate, latest: dict) -> None:
    for flag in open_clock_flag(gate):
        flag.detail = {**flag.detail, **latest}
        flag.save(update_fields=["detail"])
