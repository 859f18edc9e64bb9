"""How a tourist reaches their card's page without an account: number + printed access code,
then a signed, expiring link. Attempts are counted per IP and per card number in the cache, so
guessing codes or walking through card numbers stops long before it could succeed."""

from __future__ import annotations

from django.core import signing
from django.core.cache import cache

from heritage_cms.cards.issuing import check_access_code
from heritage_cms.cards.models import Card
from heritage_cms.core.clientip import client_ip

LINK_SALT = "heritage.payments.card-page"
LINK_MAX_AGE = 60 * 60 * 12  # a day of sightseeing on one lookup

WINDOW = 15 * 60
MAX_ATTEMPTS_PER_IP = 20
MAX_FAILURES_PER_CARD = 5


class TooManyAttempts(Exception):
    pass


def _bump(key: str) -> int:
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        return 1


def lookup(request, number: str, code: str) -> Card | None:
    """The card if number and code match; raises TooManyAttempts once a limit is reached."""
    number = "".join(number.split())
    ip_key = f"card-lookup:ip:{client_ip(request)}"
    card_key = f"card-lookup:card:{number}"
    if (cache.get(ip_key, 0) >= MAX_ATTEMPTS_PER_IP) or (
        cache.get(card_key, 0) >= MAX_FAILURES_PER_CARD
    ):
        raise TooManyAttempts
    _bump(ip_key)
    card = Card.objects.filter(number=number).first()
    if check_access_code(card, code):
        return card
    _bump(card_key)
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
