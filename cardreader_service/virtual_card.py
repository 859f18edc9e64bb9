"""The card side of the profile: a DESFire EV1 subset as pure APDU-in, APDU-out logic.

Kept free of sockets so tests can drive it in-process and the vpcd emulator only adds transport.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from cardreader_service.desfire import (
    GET_UID_PSEUDO_APDU,
    CardAuthentication,
    Command,
    Ins,
    SecureChannel,
    Status,
    response,
)
from cardreader_service.errors import CardError
from cardreader_service.keys import MasterKey
from cardreader_service.profile import (
    APPLICATION_ID,
    CARD_INFO_ACCESS_RIGHTS,
    FILE_CARD_INFO,
    KEY_APP_MASTER,
    KEY_GATE_READ,
    KEY_ISSUER_WRITE,
    CardInfo,
    card_key,
)

Behaviour = Literal["genuine", "forged", "clone", "foreign", "torn"]
BEHAVIOURS: tuple[Behaviour, ...] = ("genuine", "forged", "clone", "foreign", "torn")
FREE_ACCESS = 0xE
SW_OK = b"\x90\x00"
SW_WRONG_P1P2 = b"\x6a\x86"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"


class CardTorn(Exception):
    """The card has left the field: no answer will come (the transport must drop the link)."""


@dataclass(slots=True)
class AppKey:
    key: bytes
    version: int


@dataclass(slots=True)
class DataFile:
    content: bytes
    access_rights: int

    @property
    def read_key(self) -> int:
        return self.access_rights >> 12 & 0xF


@dataclass(slots=True)
class Application:
    keys: dict[int, AppKey]
    files: dict[int, DataFile]


@dataclass(slots=True)
class VirtualCard:
    """Card state; ``apdu_budget`` makes a torn card that vanishes after that many APDUs."""

    uid: bytes
    applications: dict[int, Application]
    apdu_budget: int | None = None
    _selected: Application | None = field(default=None, init=False)
    _pending: CardAuthentication | None = field(default=None, init=False)
    _pending_key: int = field(default=-1, init=False)
    _channel: SecureChannel | None = field(default=None, init=False)
    _auth_key: int = field(default=-1, init=False)

    def reset(self) -> None:
        """Power cycle: drop selection and authentication, as leaving the field does."""
        self._selected = None
        self._pending = None
        self._channel = None
        self._auth_key = -1

    def process(self, apdu: bytes) -> bytes:
        if self.apdu_budget is not None:
            if self.apdu_budget <= 0:
                raise CardTorn
            self.apdu_budget -= 1
        if apdu == GET_UID_PSEUDO_APDU:
            return self.uid + SW_OK
        if apdu[:2] == b"\xff\xca":
            return SW_WRONG_P1P2
        try:
            command = Command.parse(apdu)
        except ValueError:
            return SW_INS_NOT_SUPPORTED
        answer = self._dispatch(command)
        if answer[-1] not in (Status.OK, Status.ADDITIONAL_FRAME):
            # Any error ends the authenticated session on a real DESFire.
            self._channel = None
            self._auth_key = -1
        return answer

    def _dispatch(self, command: Command) -> bytes:
        if command.ins != Ins.ADDITIONAL_FRAME:
            self._pending = None
        match command.ins:
            case Ins.SELECT_APPLICATION:
                return self._select(command)
            case Ins.GET_KEY_VERSION:
                return self._key_version(command)
            case Ins.AUTHENTICATE_AES:
                return self._authenticate(command)
            case Ins.ADDITIONAL_FRAME:
                return self._authenticate_finish(command)
            case Ins.READ_DATA:
                return self._read_data(command)
            case Ins.GET_CARD_UID:
                return self._card_uid(command)
            case _:
                return response(b"", Status.ILLEGAL_COMMAND)

    def _plain(self, data: bytes) -> bytes:
        """Plain answer; after authentication it carries the CMAC and moves the IV on."""
        if self._channel is None:
            return response(data, Status.OK)
        return response(data + self._channel.mac_response(data, Status.OK), Status.OK)

    def _select(self, command: Command) -> bytes:
        if len(command.data) != 3:
            return response(b"", Status.LENGTH_ERROR)
        self.reset()
        application = self.applications.get(int.from_bytes(command.data, "little"))
        if application is None:
            return response(b"", Status.APPLICATION_NOT_FOUND)
        self._selected = application
        return response(b"", Status.OK)

    def _key_version(self, command: Command) -> bytes:
        if len(command.data) != 1:
            return response(b"", Status.LENGTH_ERROR)
        # At card level (nothing selected) only the PICC master key 0 exists; we model none.
        key = self._selected.keys.get(command.data[0]) if self._selected else None
        if key is None:
            return response(b"", Status.NO_SUCH_KEY)
        if self._channel is not None:
            self._channel.command(command)
        return self._plain(bytes([key.version]))

    def _authenticate(self, command: Command) -> bytes:
        self._channel = None
        self._auth_key = -1
        if len(command.data) != 1:
            return response(b"", Status.LENGTH_ERROR)
        key = self._selected.keys.get(command.data[0]) if self._selected else None
        if key is None:
            return response(b"", Status.NO_SUCH_KEY)
        self._pending = CardAuthentication(key.key)
        self._pending_key = command.data[0]
        return response(self._pending.challenge(), Status.ADDITIONAL_FRAME)

    def _authenticate_finish(self, command: Command) -> bytes:
        pending, self._pending = self._pending, None
        if pending is None:
            return response(b"", Status.ILLEGAL_COMMAND)
        result = pending.respond(command.data)
        if result is None:
            return response(b"", Status.AUTHENTICATION_ERROR)
        answer, self._channel = result
        self._auth_key = self._pending_key
        return response(answer, Status.OK)

    def _read_data(self, command: Command) -> bytes:
        if len(command.data) != 7:
            return response(b"", Status.LENGTH_ERROR)
        data_file = self._selected.files.get(command.data[0]) if self._selected else None
        if data_file is None:
            return response(b"", Status.FILE_NOT_FOUND)
        if data_file.read_key not in (FREE_ACCESS, self._auth_key):
            return response(b"", Status.PERMISSION_DENIED)
        offset = int.from_bytes(command.data[1:4], "little")
        length = int.from_bytes(command.data[4:7], "little") or len(data_file.content) - offset
        if offset + length > len(data_file.content) or length <= 0:
            return response(b"", Status.BOUNDARY_ERROR)
        if self._channel is not None:
            self._channel.command(command)
        return self._plain(data_file.content[offset : offset + length])

    def _card_uid(self, command: Command) -> bytes:
        if self._channel is None or command.data:
            return response(b"", Status.PERMISSION_DENIED)
        self._channel.command(command)
        return response(self._channel.encipher_response(self.uid, Status.OK), Status.OK)


def random_uid() -> bytes:
    """A 7-byte NXP-style UID (manufacturer byte 0x04)."""
    return b"\x04" + os.urandom(6)


def _application(read_key: bytes, key_version: int, info: CardInfo) -> Application:
    keys = {
        KEY_APP_MASTER: AppKey(os.urandom(16), key_version),
        KEY_GATE_READ: AppKey(read_key, key_version),
        KEY_ISSUER_WRITE: AppKey(os.urandom(16), key_version),
    }
    files = {FILE_CARD_INFO: DataFile(info.to_bytes(), CARD_INFO_ACCESS_RIGHTS)}
    return Application(keys, files)


def personalise(uid: bytes, info: CardInfo, master: MasterKey) -> VirtualCard:
    """A genuine card, as the issuing station would write it (gate read key diversified)."""
    read_key = card_key(master.key, uid)
    return VirtualCard(uid, {APPLICATION_ID: _application(read_key, master.version, info)})


def make_card(
    behaviour: Behaviour,
    uid: bytes,
    info: CardInfo,
    master: MasterKey,
    tear_after: int = 3,
) -> VirtualCard:
    """Build a card that behaves as asked; ``uid``/``info`` are what a clone would copy."""
    match behaviour:
        case "genuine":
            return personalise(uid, info, master)
        case "torn":
            card = personalise(uid, info, master)
            card.apdu_budget = tear_after
            return card
        case "clone":
            # Same UID and card-info, but a clone cannot read the key out of the real card.
            app = _application(os.urandom(16), master.version, info)
            return VirtualCard(uid, {APPLICATION_ID: app})
        case "forged":
            # A card made by someone with the profile but another master key.
            app = _application(card_key(os.urandom(16), uid), master.version, info)
            return VirtualCard(uid, {APPLICATION_ID: app})
        case "foreign":
            return VirtualCard(uid, {})


class DirectLink:
    """An in-process ``Transport`` to a virtual card: the whole stack minus PC/SC and sockets."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card

    def transmit(self, apdu: bytes) -> bytes:
        try:
            return self.card.process(apdu)
        except CardTorn:
            raise CardError("card_removed", "card left the field") from None
