"""The gate API: device-token authentication, tap batches, heartbeat, snapshot.

Gates speak only this API (never the database); the OpenAPI schema at /api/schema/ is the
contract the gate daemon is written against.
"""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import authentication, exceptions, permissions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from heritage_cms.cards import ticket_port
from heritage_cms.cards.anomalies import flag_gate_clock
from heritage_cms.cards.api_bounds import (
    CLOCK_FLAG_MS,
    JOURNAL_ID_PATTERN,
    MAX_BATCH,
    MAX_CLOCK_OFFSET_MS,
    MAX_FARE,
    MAX_ID,
    MAX_SEQUENCE,
    TICKET_CODE_PATTERN,
    TIME_SCHEMA,
    BoundedDateTimeField,
    gate_text,
    parse_bounded_datetime,
    with_errors,
)
from heritage_cms.cards.ingest import TapReport, ingest
from heritage_cms.cards.models import (
    LAST_SEEN_EVERY,
    Card,
    Entitlement,
    Gate,
    LedgerEntry,
    Product,
    Tap,
    hash_token,
)
from heritage_cms.sites.models import Site


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Device <token>``: one token per gate, stored only as a hash."""

    keyword = "Device"

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header.startswith(f"{self.keyword} "):
            return None
        token = header[len(self.keyword) + 1 :].strip()
        gate = Gate.objects.select_related("site").filter(token_hash=hash_token(token)).first()
        if gate is None or not gate.is_active:
            raise exceptions.AuthenticationFailed("unknown_or_revoked_gate")
        now = timezone.now()
        if gate.last_seen_at is None or now - gate.last_seen_at >= LAST_SEEN_EVERY:
            Gate.objects.filter(pk=gate.pk).update(last_seen_at=now)
        return (None, gate)

    def authenticate_header(self, request):
        return self.keyword


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """How the published schema describes the gates' credentials."""

    target_class = DeviceTokenAuthentication
    name = "DeviceToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Device <token>`: the token issued to this gate.",
        }


class IsGate(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, Gate)


class GateView(APIView):
    authentication_classes = [DeviceTokenAuthentication]
    permission_classes = [IsGate]
    parser_classes = [JSONParser]  # gates send JSON; the schema lists nothing else
    query_parameters: frozenset[str] = frozenset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # What the contract does not name is refused, not ignored: a typo is noticed at once.
        if unknown := sorted(set(request.query_params) - self.query_parameters):
            raise exceptions.ValidationError({"detail": f"unknown query parameter {unknown[0]!r}"})


class TapSerializer(serializers.Serializer):
    journal_id = gate_text(
        64,
        pattern=JOURNAL_ID_PATTERN,
        default="",
        help_text="The id of the gate's journal file; with the sequence, the tap's identity.",
    )
    sequence = serializers.IntegerField(min_value=1, max_value=MAX_SEQUENCE)
    card_number = gate_text(19)
    occurred_at = BoundedDateTimeField()
    decision = serializers.ChoiceField(choices=Tap.Decision.choices)
    reason = gate_text(64, default="")
    fare = serializers.IntegerField(min_value=0, max_value=MAX_FARE, default=0)
    entitlement_id = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    ticket = gate_text(
        32,
        pattern=TICKET_CODE_PATTERN,
        default="",
        help_text="The e-ticket's code for a QR tap (card_number empty); empty for card taps.",
    )


class TapBatchSerializer(serializers.Serializer):
    # A ListField rather than many=True: the schema then publishes minItems and maxItems.
    taps = serializers.ListField(
        child=TapSerializer(), allow_empty=False, min_length=1, max_length=MAX_BATCH
    )


class TapBatchResultSerializer(serializers.Serializer):
    accepted = serializers.ListField(child=serializers.IntegerField())
    duplicates = serializers.ListField(
        child=serializers.IntegerField(), help_text="Already held, with the same content."
    )
    conflicts = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Already held with different content: kept for review, so delivered too.",
    )
    server_time = serializers.DateTimeField(
        default_timezone=UTC, help_text="For the gate to measure its clock."
    )


class TapBatchView(GateView):
    """Deliver journaled taps; resend until acknowledged: duplicates are recognised, not doubled."""

    @extend_schema(request=TapBatchSerializer, responses=with_errors(TapBatchResultSerializer))
    def post(self, request):
        batch = TapBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        result = ingest(request.auth, [TapReport(**tap) for tap in batch.validated_data["taps"]])
        return Response(
            {
                "accepted": result.accepted,
                "duplicates": result.duplicates,
                "conflicts": result.conflicts,
                "server_time": now_utc(),
            }
        )


class HeartbeatSerializer(serializers.Serializer):
    journal_pending = serializers.IntegerField(min_value=0, max_value=MAX_SEQUENCE)
    software_version = gate_text(64, required=False, default="")
    last_sequence = serializers.IntegerField(min_value=0, max_value=MAX_SEQUENCE, required=False)
    snapshot_age_seconds = serializers.IntegerField(
        min_value=0, max_value=MAX_SEQUENCE, required=False, allow_null=True
    )
    reader = gate_text(120, required=False)
    journal_id = gate_text(64, pattern=JOURNAL_ID_PATTERN, required=False)
    journal_ok = serializers.BooleanField(required=False, help_text="The journal is writable.")
    oldest_undelivered_age_seconds = serializers.IntegerField(
        min_value=0, max_value=MAX_SEQUENCE, required=False, allow_null=True
    )
    sync_error = gate_text(200, required=False, help_text="Empty: the last sync worked.")
    clock_offset_ms = serializers.IntegerField(
        min_value=-MAX_CLOCK_OFFSET_MS,
        max_value=MAX_CLOCK_OFFSET_MS,
        required=False,
        help_text="The gate's estimate of server time minus its own clock.",
    )
    clock_trusted = serializers.BooleanField(required=False)


class HeartbeatResultSerializer(serializers.Serializer):
    server_time = serializers.DateTimeField(
        default_timezone=UTC, help_text="For the gate to notice a drifting clock."
    )
    last_sequence = serializers.IntegerField(
        help_text="Highest tap sequence the server holds from this gate, over all its journals."
    )


class HeartbeatView(GateView):
    """Every 30 s: the gate is alive, and what it still holds undelivered."""

    @extend_schema(request=HeartbeatSerializer, responses=with_errors(HeartbeatResultSerializer))
    def post(self, request):
        heartbeat = HeartbeatSerializer(data=request.data)
        heartbeat.is_valid(raise_exception=True)
        report = heartbeat.validated_data
        gate = request.auth
        Gate.objects.filter(pk=gate.pk).update(last_report=report)
        offset = report.get("clock_offset_ms")
        if offset is not None and abs(offset) > CLOCK_FLAG_MS:
            flag_gate_clock(gate, offset)
        return Response({"server_time": now_utc(), "last_sequence": _last_sequence(gate)})


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
        "example": "07:00:00",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time as sent, ``HH:MM:SS`` without offset (OpenAPI's ``format: time`` is
    RFC 3339's, with an offset, which is not what a gate receives)."""


class OpeningHoursSerializer(serializers.Serializer):
    first_day = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday")
    last_day = serializers.IntegerField(min_value=0, max_value=6)
    opens = LocalTimeField(help_text="Local time in the site's timezone, HH:MM:SS.")
    closes = LocalTimeField(help_text="Local time in the site's timezone, HH:MM:SS.")


class SnapshotSiteSerializer(serializers.Serializer):
    site_code = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    timezone = serializers.CharField(help_text="IANA name; opening hours are in this local time.")
    opening_hours = OpeningHoursSerializer(
        many=True, help_text="Empty: no monument page or no hours set, so hours do not restrict."
    )
    capacity = serializers.IntegerField(allow_null=True, help_text="Null: no limit.")
    occupancy = serializers.IntegerField(
        help_text="Today's entries at this site's entry gates minus exits, as the server knows."
    )
    occupancy_date = serializers.DateField(help_text="The local day the occupancy counts.")


class SnapshotGateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    site_code = serializers.CharField()
    direction = serializers.ChoiceField(choices=Gate.Direction.choices)
    passback_minutes = serializers.IntegerField(help_text="0 turns anti-passback off.")
    fare = serializers.IntegerField(help_text="VND per entry paid from stored value.")
    offline_spending_limit = serializers.IntegerField(
        help_text="How far below zero a card's balance may go on this gate's own decision."
    )
    last_sequence = serializers.IntegerField(
        help_text="Highest tap sequence the server holds from this gate: the snapshot's balances, "
        "entries and occupancy include this gate's taps up to here and none after."
    )


class SnapshotCardSerializer(serializers.ModelSerializer):
    balance = serializers.SerializerMethodField()

    class Meta:
        model = Card
        fields = ["number", "uid", "status", "key_version", "balance", "blocked_reason"]

    def get_balance(self, card) -> int:
        return card.account.balance.amount


class SnapshotDenylistSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(source="blocked_reason")

    class Meta:
        model = Card
        fields = ["number", "uid", "status", "reason"]


class SnapshotProductSerializer(serializers.ModelSerializer):
    site_codes = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Product
        fields = ["code", "name", "kind", "site_codes", "entries_per_site", "valid_days"]


class SnapshotEntitlementSerializer(serializers.ModelSerializer):
    card_number = serializers.CharField(source="card.number")
    product = serializers.CharField(source="product.code")
    remaining = serializers.DictField(
        child=serializers.IntegerField(), help_text="Entries left per site code."
    )
    revoked = serializers.BooleanField(source="is_revoked")

    class Meta:
        model = Entitlement
        fields = [
            "id",
            "card_number",
            "product",
            "valid_from",
            "valid_until",
            "remaining",
            "revoked",
        ]


class SnapshotPassageSerializer(serializers.Serializer):
    card_number = serializers.CharField()
    last_entry_at = serializers.DateTimeField(allow_null=True)
    last_exit_at = serializers.DateTimeField(allow_null=True)


class SnapshotTicketKeySerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The key id a ticket's payload names in `k`.")
    public_key = serializers.CharField(help_text="Base64url of the 32 raw Ed25519 public bytes.")


class SnapshotSerializer(serializers.Serializer):
    taken_at = serializers.DateTimeField(
        default_timezone=UTC, help_text="Pass as ?since= for the next incremental."
    )
    server_time = serializers.DateTimeField(
        default_timezone=UTC, help_text="Equal to taken_at: the server's clock."
    )
    incremental = serializers.BooleanField()
    site_code = serializers.CharField()
    fare = serializers.IntegerField()
    offline_spending_limit = serializers.IntegerField()
    gate = SnapshotGateSerializer()
    site = SnapshotSiteSerializer()
    cards = SnapshotCardSerializer(many=True)
    denylist = SnapshotDenylistSerializer(
        many=True, help_text="Blocked and replaced cards, by number and chip UID."
    )
    products = SnapshotProductSerializer(many=True, help_text="Always complete: replace it.")
    entitlements = SnapshotEntitlementSerializer(many=True)
    passages = SnapshotPassageSerializer(
        many=True, help_text="Last entry and exit per card at this site, for anti-passback."
    )
    ticket_keys = SnapshotTicketKeySerializer(
        many=True, help_text="Public keys of every key whose e-tickets may be valid: replace it."
    )
    revoked_tickets = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes of e-tickets refunded, moved to a card or revoked, not yet expired: "
        "always whole, replace it.",
    )
    ticket_uses = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Entries counted per e-ticket code at this site (all its gates); in an "
        "incremental snapshot merge by maximum.",
    )


# An incremental snapshot also carries entitlements that ended this long ago, so a gate can tell
# a visitor their ticket expired rather than that they have none.
EXPIRED_SHOWN_FOR = timedelta(days=30)


class SnapshotView(GateView):
    """What a gate needs to decide offline; ``?since=`` gives only what changed after a time."""

    query_parameters = frozenset({"since"})

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                TIME_SCHEMA,
                description="The taken_at of the snapshot the gate holds: only what changed.",
            )
        ],
        responses=with_errors(SnapshotSerializer),
    )
    def get(self, request):
        gate = request.auth
        since = None
        if (since_param := request.query_params.get("since")) is not None:
            since = parse_bounded_datetime(since_param)
            if since is None:
                raise exceptions.ValidationError(
                    {"since": "an ISO 8601 time with offset, as last returned in taken_at"}
                )
        # Taken before reading, so whatever commits while we read is in the next incremental.
        taken_at = timezone.now()
        cards = Card.objects.order_by("updated_at")
        denylist = Card.objects.exclude(status=Card.Status.ACTIVE).order_by("updated_at")
        if since is not None:
            cards = cards.filter(pk__in=_cards_changed_since(since))
            denylist = denylist.filter(updated_at__gt=since)
        snapshot = {
            "taken_at": taken_at,
            "server_time": taken_at,
            "incremental": since is not None,
            "site_code": gate.site.code,
            "fare": gate.fare.amount,
            "offline_spending_limit": Card.OFFLINE_SPENDING_LIMIT,
            "gate": _gate_rules(gate),
            "site": _site_rules(gate.site),
            "cards": [],
            "denylist": [],
            "products": _products_for(gate),
            "entitlements": [],
            "passages": _passages(gate.site, taken_at, since),
            **_tickets_for(gate, since),
        }
        data = SnapshotSerializer(snapshot).data
        # The lists that grow with the cards issued, as their serializers would write them,
        # from rows instead of model instances: a full snapshot of 20,000 cards is the one a
        # gate needs at once after a restart, within its 10 s deadline.
        data["cards"] = card_rows(cards)
        data["denylist"] = denylist_rows(denylist)
        data["entitlements"] = entitlement_rows(_entitlements_for(gate, since))
        return Response(data)


def _cards_changed_since(since: datetime) -> set[int]:
    """The cards edited, or whose balance moved, after ``since``: two index-driven lookups
    (cards by ``updated_at``, entries through transfers by ``created_at``) whose cost follows
    what changed, where one OR across the join read every ledger entry on every pull."""
    edited = Card.objects.filter(updated_at__gt=since).values_list("pk", flat=True)
    moved = Card.objects.filter(
        account_id__in=LedgerEntry.objects.filter(transfer__created_at__gt=since).values(
            "account_id"
        )
    ).values_list("pk", flat=True)
    return {*edited, *moved}


def now_utc() -> str:
    """The server's clock as the protocol sends it: ISO 8601 in UTC."""
    return timezone.now().astimezone(UTC).isoformat()


def _last_sequence(gate: Gate) -> int:
    return Tap.objects.filter(gate=gate).aggregate(last=Max("sequence"))["last"] or 0


def _gate_rules(gate: Gate) -> dict:
    return {
        "id": gate.pk,
        "name": gate.name,
        "site_code": gate.site.code,
        "direction": gate.direction,
        "passback_minutes": gate.passback_minutes,
        "fare": gate.fare.amount,
        "offline_spending_limit": Card.OFFLINE_SPENDING_LIMIT,
        "last_sequence": _last_sequence(gate),
    }


def _site_rules(site: Site) -> dict:
    monument = site.monument
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    day = Tap.objects.filter(
        gate__site=site,
        decision=Tap.Decision.ENTERED,
        occurred_at__gte=start,
        occurred_at__lt=start + timedelta(days=1),
    ).aggregate(
        entries=Count("pk", filter=Q(gate__direction=Gate.Direction.ENTRY)),
        exits=Count("pk", filter=Q(gate__direction=Gate.Direction.EXIT)),
    )
    return {
        "site_code": site.code,
        "name": monument.title if monument else "",
        "timezone": settings.TIME_ZONE,
        "opening_hours": list(monument.opening_hours.all()) if monument else [],
        "capacity": site.capacity,
        "occupancy": max(day["entries"] - day["exits"], 0),
        "occupancy_date": today,
    }


def _products_for(gate: Gate):
    """Every product that opens this site, and every product of an e-ticket still valid (a gate
    must read a ticket's product even once it is off sale or no longer covers this site)."""
    live = ticket_port.registry().live_product_ids(timezone.localdate())
    return (
        Product.objects.filter(Q(sites=gate.site_id) | Q(pk__in=live))
        .distinct()
        .prefetch_related("sites")
        .order_by("code")
    )


def _tickets_for(gate: Gate, since: datetime | None) -> dict:
    """The e-ticket part of the snapshot: only public keys, the revocation list (whole), and
    the entries counted per ticket at this site from the taps the server holds."""
    tickets = ticket_port.registry()
    today = timezone.localdate()
    taps = Tap.objects.filter(
        gate__site=gate.site_id,
        gate__direction=Gate.Direction.ENTRY,
        decision=Tap.Decision.ENTERED,
    ).exclude(ticket="")
    if since is None:
        taps = taps.filter(occurred_at__gte=timezone.now() - EXPIRED_SHOWN_FOR)
    else:
        changed = (
            Tap.objects.filter(gate__site=gate.site_id, received_at__gt=since)
            .exclude(ticket="")
            .values("ticket")
        )
        taps = taps.filter(ticket__in=changed)
    uses = taps.values("ticket").annotate(entries=Count("pk")).order_by("ticket")
    return {
        "ticket_keys": tickets.public_keys(),
        "revoked_tickets": tickets.revoked(today),
        "ticket_uses": {row["ticket"]: row["entries"] for row in uses},
    }


def _entitlements_for(gate: Gate, since: datetime | None):
    """Entitlements that can open this gate's site. A full snapshot has the live ones and
    those that ended lately; an incremental has every change, revocations included."""
    rows = Entitlement.objects.filter(product__sites=gate.site_id).order_by("pk")
    if since is None:
        oldest = timezone.localdate() - EXPIRED_SHOWN_FOR
        rows = rows.filter(is_revoked=False, valid_until__gte=oldest)
    else:
        rows = rows.filter(updated_at__gt=since)
    return rows


def card_rows(cards) -> list[dict]:
    """``SnapshotCardSerializer(cards, many=True).data``, read as rows."""
    fields = ("number", "uid", "status", "key_version", "account__balance", "blocked_reason")
    return [
        {
            "number": number,
            "uid": uid,
            "status": status,
            "key_version": key_version,
            "balance": balance.amount,
            "blocked_reason": blocked_reason,
        }
        for number, uid, status, key_version, balance, blocked_reason in cards.values_list(*fields)
    ]


def denylist_rows(cards) -> list[dict]:
    """``SnapshotDenylistSerializer(cards, many=True).data``, read as rows."""
    return [
        {"number": number, "uid": uid, "status": status, "reason": reason}
        for number, uid, status, reason in cards.values_list(
            "number", "uid", "status", "blocked_reason"
        )
    ]


def entitlement_rows(entitlements) -> list[dict]:
    """``SnapshotEntitlementSerializer(entitlements, many=True).data``, read as rows: each
    product's sites and allowance are read once, not once per entitlement."""
    rows = list(
        entitlements.values_list(
            "pk",
            "card__number",
            "product_id",
            "valid_from",
            "valid_until",
            "entries_used",
            "is_revoked",
        )
    )
    products = {
        product.pk: (product.code, product.entries_per_site, [s.code for s in product.sites.all()])
        for product in Product.objects.filter(pk__in={row[2] for row in rows}).prefetch_related(
            "sites"
        )
    }
    result = []
    for pk, card_number, product_id, valid_from, valid_until, used, revoked in rows:
        code, allowed, site_codes = products[product_id]
        result.append(
            {
                "id": pk,
                "card_number": card_number,
                "product": code,
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat(),
                "remaining": {
                    site: max(allowed - int(used.get(site, 0)), 0) for site in site_codes
                },
                "revoked": revoked,
            }
        )
    return result


def _passages(site: Site, now: datetime, since: datetime | None) -> list[dict]:
    """Last entry and exit per card at this site within the longest anti-passback window of
    its gates; incrementally, only for taps received since (gates deliver late)."""
    window = Gate.objects.filter(site=site, is_active=True).aggregate(
        longest=Max("passback_minutes")
    )["longest"]
    if not window:
        return []
    taps = Tap.objects.filter(
        gate__site=site,
        decision=Tap.Decision.ENTERED,
        occurred_at__gte=now - timedelta(minutes=window),
    ).exclude(card_number="")
    if since is not None:
        taps = taps.filter(received_at__gt=since)
    return list(
        taps.values("card_number")
        .annotate(
            last_entry_at=Max("occurred_at", filter=Q(gate__direction=Gate.Direction.ENTRY)),
            last_exit_at=Max("occurred_at", filter=Q(gate__direction=Gate.Direction.EXIT)),
        )
        .order_by("card_number")
    )


def only_gate_endpoints(endpoints):
    """The published schema is the gate contract; Wagtail's content API documents itself."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/gates/")]
