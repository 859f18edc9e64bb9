"""Exceptions with machine-readable reasons, so the gate can show and journal why a tap failed."""

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


class KeyStoreError(Exception):
    """The master key file or variable is missing or malformed."""


class CardError(Exception):
    """A tap that did not yield a trustworthy card read; ``reason`` is one of ``Reason``."""

    def __init__(
        self, reason: Reason, detail: str = "", uid: bytes | None = None, card_number: str = ""
    ) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: Reason = reason
        self.detail = detail
        self.uid = uid
        # Read before the failure (a card torn away after its card-info): kept for the office.
        self.card_number = card_number
