"""The library's failures: one base, ``CardServiceError``, each with a machine-readable ``code``.

Callers (the gate CLI, the CMS's ``issue_card`` command) catch the base, show ``str(error)`` (one
sentence for people: no path, no repr, no protocol bytes), branch on ``code`` and log ``detail``
(the raw facts: the exception's text, the device, the readers seen). The same three names as
``assets_pipeline.AssetError`` and ``audio_guides.GuideError``.
"""

from __future__ import annotations

from typing import Literal

Reason = Literal[
    "forged_card",  # the card could not prove it holds the diversified key for its UID
    "cloned_card",  # as forged, but the UID belongs to a card we issued
    "not_our_card",  # no UID, or no heritage application on the card
    "card_removed",  # the card left the field mid-transaction
    "bad_mac",  # a response CMAC or CRC did not verify: tampering or a broken relay
    "unknown_key_version",  # the card's key version has no master key on this gate
    "protocol_error",  # the card answered something the profile does not allow
]


# What ``str(CardError)`` says for each reason: the protocol detail stays in ``detail``, for logs.
_SENTENCES: dict[Reason, str] = {
    "forged_card": "The card could not prove that it holds its key: it is not a genuine card.",
    "cloned_card": "The card copies the number of one of our cards but cannot prove its key.",
    "not_our_card": "This is not a heritage pass (no card number, or no pass on the chip).",
    "card_removed": "The card was taken away before it had been read: present it again.",
    "bad_mac": "The card's answer failed its integrity check: present it again.",
    "unknown_key_version": "The card uses a key version this gate has no master key for.",
    "protocol_error": "The card answered something a heritage pass never answers.",
}


class CardServiceError(Exception):
    """Base of every failure the library reports: ``code`` for programs, ``str()`` for people,
    ``detail`` for logs; a class's ``sentence`` is what it says when a raise gives none."""

    code: str = "card_service_error"
    sentence: str = "The gate's card service failed."

    def __init__(self, sentence: str = "", detail: str = "") -> None:
        super().__init__(sentence or self.sentence)
        self.detail = detail


class KeyStoreError(CardServiceError):
    """The master key file or variable is missing or malformed."""

    code = "key_store_invalid"
    sentence = "The master keys are missing or malformed: check the key file or variable."


class ReaderError(CardServiceError):
    """No PC/SC service, no matching reader, or no card within the time allowed."""

    code = "reader_unavailable"
    sentence = "The card reader is not available: check that it is plugged in and named right."


class NoCardInTime(ReaderError):
    """The wait for a card, or for its removal, ended with none: a quiet moment, not a fault."""

    code = "no_card_in_time"
    sentence = "No card was presented in the time allowed."


class CardError(CardServiceError):
    """A tap that did not yield a trustworthy card read; ``reason`` is one of ``Reason``."""

    def __init__(
        self, reason: Reason, detail: str = "", uid: bytes | None = None, card_number: str = ""
    ) -> None:
        super().__init__(_SENTENCES[reason], detail)
        self.reason: Reason = reason
        self.code = reason
        self.uid = uid
        # Read before the failure (a card torn away after its card-info): kept for the office.
        self.card_number = card_number


def log_text(error: BaseException) -> str:
    """What logs and the operator's status say of a failure: its raw ``detail`` when the library
    kept one (the device, the OS's words, the HTTP body), else its text."""
    if isinstance(error, CardServiceError) and error.detail:
        return error.detail
    return str(error)
