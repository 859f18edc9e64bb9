"""The gate API: device-token authentication, tap batches, heartbeat, snapshot.

Gates speak only this API (never the database); the OpenAPI schema at /api/schema/ is the
contract the gate daemon is written against.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import authentication, exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from heritage_cms.cards.ingest import TapReport, ingest
from heritage_cms.cards.models import Card, Entitlement, Gate, Tap, hash_token


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Device <token>``: one token per gate, stored only as a hash."""

    keyword = "Device"

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header.startswith(f"{self.keyword} "):
            return None
        token = header[len(self.keyword) + 1 :].strip()
        gate = Gate.objects.filter(token_hash=hash_token(token)).first()
        if gate is None or not gate.is_active:
            raise exceptions.AuthenticationFailed("unknown_or_revoked_gate")
        Gate.objects.filter(pk=gate.pk).update(last_seen_at=timezone.now())
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


class TapSerializer(serializers.Serializer):
    sequence = serializers.IntegerField(min_value=1)
    card_number = serializers.CharField(max_length=19, allow_blank=True)
    occurred_at = serializers.DateTimeField()
    decision = serializers.ChoiceField(choices=Tap.Decision.choices)
    reason = serializers.CharField(max_length=64, allow_blank=True, default="")
    fare = serializers.IntegerField(min_value=0, default=0)
    entitlement_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class TapBatchSerializer(serializers.Serializer):
    taps = TapSerializer(many=True, allow_empty=False, max_length=1000)


class TapBatchResultSerializer(serializers.Serializer):
    accepted = serializers.ListField(child=serializers.IntegerField())
    duplicates = serializers.ListField(child=serializers.IntegerField())


class TapBatchView(GateView):
    """Deliver journaled taps; resend until acknowledged: duplicates are recognised, not doubled."""

    @extend_schema(request=TapBatchSerializer, responses=TapBatchResultSerializer)
    def post(self, request):
        batch = TapBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        result = ingest(request.auth, [TapReport(**tap) for tap in batch.validated_data["taps"]])
        return Response({"accepted": result.accepted, "duplicates": result.duplicates})


class HeartbeatSerializer(serializers.Serializer):
    journal_pending = serializers.IntegerField(min_value=0)
    software_version = serializers.CharField(max_length=64, required=False, default="")


class HeartbeatView(GateView):
    @extend_schema(request=HeartbeatSerializer, responses={200: dict})
    def post(self, request):
        heartbeat = HeartbeatSerializer(data=request.data)
        heartbeat.is_valid(raise_exception=True)
        Gate.objects.filter(pk=request.auth.pk).update(last_report=heartbeat.validated_data)
        return Response({"server_time": timezone.now().isoformat()})


class SnapshotCardSerializer(serializers.ModelSerializer):
    balance = serializers.SerializerMethodField()

    class Meta:
        model = Card
        fields = ["number", "uid", "status", "key_version", "balance"]

    def get_balance(self, card) -> int:
        return card.account.balance.amount


class SnapshotEntitlementSerializer(serializers.ModelSerializer):
    card_number = serializers.CharField(source="card.number")
    product = serializers.CharField(source="product.code")
    remaining = serializers.SerializerMethodField()

    class Meta:
        model = Entitlement
        fields = ["id", "card_number", "product", "valid_from", "valid_until", "remaining"]

    def get_remaining(self, entitlement) -> dict[str, int]:
        return entitlement.remaining()


class SnapshotView(GateView):
    """What a gate needs to decide offline; ``?since=`` gives only what changed after a time."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        gate = request.auth
        cards = Card.objects.select_related("account").order_by("updated_at")
        since_param = request.query_params.get("since")
        if since_param:
            since = parse_datetime(since_param)
            if since is None:
                raise exceptions.ValidationError({"since": "an ISO 8601 time, as last returned"})
            cards = cards.filter(
                Q(updated_at__gt=since) | Q(account__entries__transfer__created_at__gt=since)
            ).distinct()
        entitlements = _entitlements_for(gate, since_param)
        taken_at = timezone.now()
        return Response(
            {
                "taken_at": taken_at.isoformat(),
                "incremental": bool(since_param),
                "site_code": gate.site_code,
                "fare": gate.fare.amount,
                "offline_spending_limit": Card.OFFLINE_SPENDING_LIMIT,
                "cards": SnapshotCardSerializer(cards, many=True).data,
                "entitlements": SnapshotEntitlementSerializer(entitlements, many=True).data,
            }
        )


def _entitlements_for(gate: Gate, since: str | None) -> list[Entitlement]:
    """Live entitlements that can open this gate's site (JSON containment differs per database,
    and the list is small, so the site filter runs here)."""
    rows = Entitlement.objects.select_related("card", "product").filter(
        is_revoked=False, valid_until__gte=timezone.localdate()
    )
    if since:
        rows = rows.filter(updated_at__gt=parse_datetime(since))
    return [row for row in rows if gate.site_code in row.product.site_codes]


def only_gate_endpoints(endpoints):
    """The published schema is the gate contract; Wagtail's content API documents itself."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/gates/")]
