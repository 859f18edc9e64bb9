"""How a tourist reaches their card's page without an account: the access code printed on the
card (kept hashed, like a password), then a signed, expiring link.

Guessing is bounded three ways, none of which can lock the owner out:

* per client and card (django-ratelimit): a few wrong codes, then that client waits;
* per client: a bound on walking through many card numbers;
* per card, from anyone: after a few failures each further attempt must wait a delay that
  doubles with every failure (capped), instead of a hard 15-minute lock anyone could keep
  renewing. The signed link the owner already holds does not pass through here, so it keeps
  working meanwhile.

The client is :func:`heritage_cms.core.clientip.client_ip` (``TRUSTED_PROXY_COUNT`` proxies
counted from the right of ``X-Forwarded-For``), never the proxy's socket address.
"""

from __future__ import annotations

import math
import secrets
import time

from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.cache import cache
from django_ratelimit.core import get_usage

from heritage_cms.core.clientip import client_ip

from .models import Card

# Printed beside the card number; no 0/O, 1/I/L, so it survives being read aloud or retyped.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 6

LINK_SALT = "heritage.payments.card-page"  # unchanged since the page moved: old links work
LINK_MAX_AGE = 60 * 60 * 12  # a day of sightseeing on one lookup

PER_CLIENT_AND_CARD = "5/15m"  # wrong codes one client may try on one card
PER_CLIENT = "30/15m"  # lookups one client may make, right or wrong
FREE_FAILURES_PER_CARD = 5  # then the card's delay starts
FIRST_DELAY = 2  # seconds, doubled on each further failure
MAX_DELAY = 15 * 60
CARD_MEMORY = 24 * 60 * 60  # failures are forgotten a day after the last one


def normalise_access_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def new_access_code() -> str:
    return "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


def set_access_code(card: Card, code: str | None = None) -> str:
    """Give the card a (new) access code and return it; only its hash is kept, like a password."""
    code = normalise_access_code(code) if code else new_access_code()
    card.access_code_hash = make_password(code)
    if card.pk:
        card.save(update_fields=["access_code_hash", "updated_at"])
    return code


def check_access_code(card: Card | None, code: str) -> bool:
    """Constant work whether or not the card exists, so timing does not reveal card numbers."""
    if card is None or not card.access_code_hash:
        make_password(code)
        return False
    return check_password(normalise_access_code(code), card.access_code_hash)


class TooManyAttempts(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = max(1, retry_after)


def _usage(request, group: str, key: str, rate: str, increment: bool) -> dict:
    return get_usage(
        request, group=group, key=lambda _group, _request: key, rate=rate, increment=increment
    ) or {"count": 0, "limit": 1, "time_left": 0}  # RATELIMIT_ENABLE = False


def delay_after(failures: int) -> int:
    """Seconds the card waits after ``failures`` wrong codes: none for the first few, then
    doubling up to :data:`MAX_DELAY`."""
    beyond = failures - FREE_FAILURES_PER_CARD
    if beyond < 0:
        return 0
    return min(MAX_DELAY, FIRST_DELAY * 2 ** min(beyond, 20))


def _now() -> float:
    return time.time()


def _card_key(number: str) -> str:
    return f"card-lookup:card:{number}"


def card_wait(number: str, now: float | None = None) -> int:
    """Seconds before this card number may be tried again (0: now)."""
    failures, last = cache.get(_card_key(number), (0, 0.0))
    now = _now() if now is None else now
    return max(0, math.ceil(last + delay_after(failures) - now))


def _card_failed(number: str) -> None:
    failures, _last = cache.get(_card_key(number), (0, 0.0))
    cache.set(_card_key(number), (failures + 1, _now()), CARD_MEMORY)


def lookup(request, number: str, code: str) -> Card | None:
    """The card if number and code match; raises TooManyAttempts (with the seconds to wait)
    once a limit is reached. Refused attempts are not counted against the card."""
    number = "".join(number.split())[:40]
    client = client_ip(request)
    pair = f"{client}|{number}"
    for group, key, rate in (
        ("card-lookup:client", client, PER_CLIENT),
        ("card-lookup:client-card", pair, PER_CLIENT_AND_CARD),
    ):
        usage = _usage(request, group, key, rate, increment=False)
        if usage["count"] >= usage["limit"]:  # the next one would be over
            raise TooManyAttempts(usage["time_left"])
    if wait := card_wait(number):
        raise TooManyAttempts(wait)
    _usage(request, "card-lookup:client", client, PER_CLIENT, increment=True)
    card = Card.objects.filter(number=number).first()
    if check_access_code(card, code):
        cache.delete(_card_key(number))
        return card
    _usage(request, "card-lookup:client-card", pair, PER_CLIENT_AND_CARD, increment=True)
    _card_failed(number)
    return None


def _fingerprint(card: Card) -> str:
    # A new access code (after a lost card is reported) invalidates every link made before.
    return card.access_code_hash[-10:]


def make_link_token(card: Card) -> str:
    return signing.dumps({"c": card.pk, "h": _fingerprint(card)}, salt=LINK_SALT, compress=True)


def card_from_token(token: str, max_age: int = LINK_MAX_AGE) -> Card | None:
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    card = Card.objects.select_related("account").filter(pk=data.get("c")).first()
    if card is None or _fingerprint(card) != data.get("h"):
        return None
    return card
