"""The card side of the profile: a DESFire EV1 subset as pure APDU-in, APDU-out logic.

Kept free of sockets so tests can drive it in-process and the vpcd emulator only adds transport.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from cardreader_service.crypto import desfire_crc32
from cardreader_service.desfire import (
    GET_UID_PSEUDO_APDU,
    MAC_LENGTH,
    CardAuthentication,
    Command,
    Ins,
    SecureChannel,
    Status,
    response,
)
from cardreader_service.errors import CardError
from cardreader_service.keys import MasterKey, MasterKeyStore
from cardreader_service.profile import (
    APPLICATION_KEY_SETTINGS,
    COMM_ENCIPHERED,
    COMM_MACED,
    COMM_PLAIN,
    DEFAULT_APP_KEY,
    DEFAULT_PICC_KEY,
    KEY_TYPE_AES,
    CardInfo,
)

Behaviour = Literal["genuine", "forged", "clone", "foreign", "torn"]
BEHAVIOURS: tuple[Behaviour, ...] = ("genuine", "forged", "clone", "foreign", "torn")
FREE_ACCESS = 0xE
NO_ACCESS = 0xF
SW_OK = b"\x90\x00"
SW_WRONG_P1P2 = b"\x6a\x86"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
# PICC key settings of a blank card as shipped: everything changeable, listing and creating
# applications need the PICC master key (bit 2 clear), as an issuer would want it.
BLANK_PICC_KEY_SETTINGS = 0x0B
_SETTING_MASTER_CHANGEABLE = 0x01
_SETTING_FREE_CREATE = 0x04
_ERROR = response(b"", Status.INTEGRITY_ERROR)


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
    comm_mode: int = COMM_PLAIN

    @property
    def read_key(self) -> int:
        return self.access_rights >> 12 & 0xF

    @property
    def write_key(self) -> int:
        return self.access_rights >> 8 & 0xF

    @property
    def read_write_key(self) -> int:
        return self.access_rights >> 4 & 0xF

    def allows(self, key_no: int, write: bool) -> bool:
        """DESFire access: the R (or W) key, or the RW key, or free access (0xE)."""
        keys = (self.write_key if write else self.read_key, self.read_write_key)
        return FREE_ACCESS in keys or (key_no >= 0 and key_no in keys)


@dataclass(slots=True)
class Application:
    keys: dict[int, AppKey]
    files: dict[int, DataFile]
    key_settings: int = APPLICATION_KEY_SETTINGS


@dataclass(slots=True)
class VirtualCard:
    """Card state; ``apdu_budget`` makes a torn card that vanishes after that many APDUs.

    The PICC level (AID 000000, selected at power-on) holds one AES master key under which
    applications are created; ``VirtualCard.blank`` is a card fresh from the issuer's stock.
    """

    uid: bytes
    applications: dict[int, Application]
    apdu_budget: int | None = None
    picc_key: AppKey = field(default_factory=lambda: AppKey(DEFAULT_PICC_KEY, 0))
    picc_key_settings: int = BLANK_PICC_KEY_SETTINGS
    _aid: int = field(default=0, init=False)
    _pending: CardAuthentication | None = field(default=None, init=False)
    _pending_key: int = field(default=-1, init=False)
    _channel: SecureChannel | None = field(default=None, init=False)
    _auth_key: int = field(default=-1, init=False)

    @classmethod
    def blank(cls, uid: bytes, picc_key: bytes = DEFAULT_PICC_KEY) -> VirtualCard:
        """No applications, an AES PICC master key (all zero unless told otherwise)."""
        return cls(uid, {}, picc_key=AppKey(picc_key, 0))

    def to_state(self) -> dict[str, Any]:
        """The card's memory as JSON-able data (keys included: an emulator file, keep it 0600)."""
        return {
            "uid": self.uid.hex(),
            "picc_key": [self.picc_key.key.hex(), self.picc_key.version],
            "picc_key_settings": self.picc_key_settings,
            "applications": {
                f"{aid:06X}": {
                    "key_settings": app.key_settings,
                    "keys": {str(n): [k.key.hex(), k.version] for n, k in app.keys.items()},
                    "files": {
                        str(n): [f.content.hex(), f.access_rights, f.comm_mode]
                        for n, f in app.files.items()
                    },
                }
                for aid, app in self.applications.items()
            },
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> VirtualCard:
        applications = {
            int(aid, 16): Application(
                {int(n): AppKey(bytes.fromhex(k), v) for n, (k, v) in app["keys"].items()},
                {
                    int(n): DataFile(bytes.fromhex(content), access, comm)
                    for n, (content, access, comm) in app["files"].items()
                },
                app["key_settings"],
            )
            for aid, app in state["applications"].items()
        }
        picc_key, picc_version = state["picc_key"]
        return cls(
            bytes.fromhex(state["uid"]),
            applications,
            picc_key=AppKey(bytes.fromhex(picc_key), picc_version),
            picc_key_settings=state["picc_key_settings"],
        )

    @property
    def _selected(self) -> Application | None:
        return self.applications.get(self._aid) if self._aid else None

    def _level_keys(self) -> dict[int, AppKey]:
        selected = self._selected
        return selected.keys if selected is not None else {0: self.picc_key}

    def _end_session(self) -> None:
        self._channel = None
        self._auth_key = -1

    def reset(self) -> None:
        """Power cycle: back to PICC level, no authentication, as leaving the field does."""
        self._aid = 0
        self._pending = None
        self._end_session()

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
            self._end_session()
        return answer

    def _dispatch(self, command: Command) -> bytes:
        if command.ins != Ins.ADDITIONAL_FRAME:
            self._pending = None
        # Each instruction the card emulates has the method of its name, in lower case.
        try:
            name = f"_{Ins(command.ins).name.lower()}"
            handler: Callable[[Command], bytes] = getattr(self, name)
        except (ValueError, AttributeError):  # unknown to DESFire, or not emulated here
            return response(b"", Status.ILLEGAL_COMMAND)
        return handler(command)

    def _advance(self, command: Command) -> None:
        """Move the running IV over a plain command, as the host does on its side."""
        if self._channel is not None:
            self._channel.command(command)

    def _plain(self, data: bytes) -> bytes:
        """Plain answer; after authentication it carries the CMAC and moves the IV on."""
        if self._channel is None:
            return response(data, Status.OK)
        return response(data + self._channel.mac_response(data, Status.OK), Status.OK)

    def _master_authenticated(self) -> bool:
        return self._channel is not None and self._auth_key == 0

    def _select_application(self, command: Command) -> bytes:
        if len(command.data) != 3:
            return response(b"", Status.LENGTH_ERROR)
        self.reset()
        aid = int.from_bytes(command.data, "little")
        if aid and aid not in self.applications:
            return response(b"", Status.APPLICATION_NOT_FOUND)
        self._aid = aid
        return response(b"", Status.OK)

    def _get_key_version(self, command: Command) -> bytes:
        if len(command.data) != 1:
            return response(b"", Status.LENGTH_ERROR)
        key = self._level_keys().get(command.data[0])
        if key is None:
            return response(b"", Status.NO_SUCH_KEY)
        self._advance(command)
        return self._plain(bytes([key.version]))

    def _authenticate_aes(self, command: Command) -> bytes:
        self._end_session()
        if len(command.data) != 1:
            return response(b"", Status.LENGTH_ERROR)
        key = self._level_keys().get(command.data[0])
        if key is None:
            return response(b"", Status.NO_SUCH_KEY)
        self._pending = CardAuthentication(key.key)
        self._pending_key = command.data[0]
        return response(self._pending.challenge(), Status.ADDITIONAL_FRAME)

    def _additional_frame(self, command: Command) -> bytes:
        pending, self._pending = self._pending, None
        if pending is None:
            return response(b"", Status.ILLEGAL_COMMAND)
        result = pending.respond(command.data)
        if result is None:
            return response(b"", Status.AUTHENTICATION_ERROR)
        answer, self._channel = result
        self._auth_key = self._pending_key
        return response(answer, Status.OK)

    def _file_window(self, command: Command, write: bool) -> tuple[DataFile, int, int] | bytes:
        """The file, offset and length a ReadData/WriteData header names, or the error answer."""
        if len(command.data) < 7 or (not write and len(command.data) != 7):
            return response(b"", Status.LENGTH_ERROR)
        data_file = self._selected.files.get(command.data[0]) if self._selected else None
        if data_file is None:
            return response(b"", Status.FILE_NOT_FOUND)
        if not data_file.allows(self._auth_key if self._channel else -1, write):
            return response(b"", Status.PERMISSION_DENIED)
        offset = int.from_bytes(command.data[1:4], "little")
        length = int.from_bytes(command.data[4:7], "little")
        if not length and not write:
            length = len(data_file.content) - offset
        if offset + length > len(data_file.content) or length <= 0:
            return response(b"", Status.BOUNDARY_ERROR)
        return data_file, offset, length

    def _read_data(self, command: Command) -> bytes:
        window = self._file_window(command, write=False)
        if isinstance(window, bytes):
            return window
        data_file, offset, length = window
        data = data_file.content[offset : offset + length]
        self._advance(command)
        if self._channel is not None and data_file.comm_mode == COMM_ENCIPHERED:
            return response(self._channel.encipher_response(data, Status.OK), Status.OK)
        # Under EV1 AES a MACed file reads exactly like a plain one: data ‖ CMAC.
        return self._plain(data)

    def _write_data(self, command: Command) -> bytes:
        window = self._file_window(command, write=True)
        if isinstance(window, bytes):
            return window
        data_file, offset, length = window
        header, payload = command.data[:7], command.data[7:]
        mode = data_file.comm_mode if self._channel is not None else COMM_PLAIN
        if mode == COMM_ENCIPHERED:
            assert self._channel is not None
            plain = self._channel.decipher_command(payload)
            if plain is None or len(plain) < length + 4:
                return response(b"", Status.LENGTH_ERROR)
            data, crc, padding = plain[:length], plain[length : length + 4], plain[length + 4 :]
            expected = desfire_crc32(bytes([command.ins]) + header + data)
            if crc != expected or any(padding):
                return _ERROR
        elif mode == COMM_MACED:
            assert self._channel is not None
            if len(payload) != length + MAC_LENGTH:
                return response(b"", Status.LENGTH_ERROR)
            data = payload[:length]
            mac = self._channel.command(Command(command.ins, header + data))
            if not hmac.compare_digest(mac, payload[length:]):
                return _ERROR
        else:
            if len(payload) != length:
                return response(b"", Status.LENGTH_ERROR)
            data = payload
            self._advance(command)
        content = data_file.content
        data_file.content = content[:offset] + data + content[offset + length :]
        return self._plain(b"")

    def _get_card_uid(self, command: Command) -> bytes:
        if self._channel is None or command.data:
            return response(b"", Status.PERMISSION_DENIED)
        self._channel.command(command)
        return response(self._channel.encipher_response(self.uid, Status.OK), Status.OK)

    def _create_application(self, command: Command) -> bytes:
        if self._aid:
            return response(b"", Status.PERMISSION_DENIED)
        if len(command.data) != 5:
            return response(b"", Status.LENGTH_ERROR)
        if not self.picc_key_settings & _SETTING_FREE_CREATE and not self._master_authenticated():
            return response(b"", Status.PERMISSION_DENIED)
        aid = int.from_bytes(command.data[:3], "little")
        settings, keys = command.data[3], command.data[4]
        # Only AES applications are modelled (the profile needs nothing else).
        if not aid or keys & 0xC0 != KEY_TYPE_AES or not 1 <= keys & 0x0F <= 14:
            return response(b"", Status.PARAMETER_ERROR)
        if aid in self.applications:
            return response(b"", Status.DUPLICATE_ERROR)
        self._advance(command)
        self.applications[aid] = Application(
            {number: AppKey(DEFAULT_APP_KEY, 0) for number in range(keys & 0x0F)}, {}, settings
        )
        return self._plain(b"")

    def _delete_application(self, command: Command) -> bytes:
        # Modelled with the PICC master key only (a real card also accepts the application's).
        if self._aid or not self._master_authenticated():
            return response(b"", Status.PERMISSION_DENIED)
        if len(command.data) != 3:
            return response(b"", Status.LENGTH_ERROR)
        aid = int.from_bytes(command.data, "little")
        if aid not in self.applications:
            return response(b"", Status.APPLICATION_NOT_FOUND)
        self._advance(command)
        del self.applications[aid]
        return self._plain(b"")

    def _may_change_key(self, application: Application, key_no: int) -> bool:
        access = application.key_settings >> 4
        if key_no == 0:
            return bool(application.key_settings & _SETTING_MASTER_CHANGEABLE) and (
                self._auth_key == 0
            )
        if access == 0x0:
            return self._auth_key == 0
        if access == 0xE:
            return self._auth_key == key_no
        return access != 0xF and self._auth_key == access

    def _change_key(self, command: Command) -> bytes:
        application = self._selected
        if application is None:
            # The PICC master key's own ChangeKey is not modelled.
            return response(b"", Status.PERMISSION_DENIED)
        if self._channel is None:
            return response(b"", Status.AUTHENTICATION_ERROR)
        if len(command.data) != 33:
            return response(b"", Status.LENGTH_ERROR)
        key_no = command.data[0]
        key = application.keys.get(key_no)
        if key is None:
            return response(b"", Status.NO_SUCH_KEY)
        if not self._may_change_key(application, key_no):
            return response(b"", Status.AUTHENTICATION_ERROR)
        plain = self._channel.decipher_command(command.data[1:])
        assert plain is not None
        body, crc = plain[:17], plain[17:21]
        if crc != desfire_crc32(bytes([command.ins, key_no]) + body):
            return _ERROR
        same = key_no == self._auth_key
        if same:
            new_key, rest = body[:16], plain[21:]
        else:
            # (new XOR old): the host proves it knows the key it replaces.
            new_key = bytes(a ^ b for a, b in zip(body[:16], key.key, strict=True))
            if plain[21:25] != desfire_crc32(new_key):
                return _ERROR
            rest = plain[25:]
        if any(rest):
            return _ERROR
        application.keys[key_no] = AppKey(new_key, body[16])
        if same:
            # Changing the key of the session ends the session: no CMAC on the answer.
            self._end_session()
            return response(b"", Status.OK)
        return self._plain(b"")

    def _create_std_data_file(self, command: Command) -> bytes:
        application = self._selected
        if application is None:
            return response(b"", Status.PERMISSION_DENIED)
        if not application.key_settings & _SETTING_FREE_CREATE and not (
            self._master_authenticated()
        ):
            return response(b"", Status.PERMISSION_DENIED)
        if len(command.data) != 7:
            return response(b"", Status.LENGTH_ERROR)
        file_no, comm_mode = command.data[0], command.data[1]
        access = int.from_bytes(command.data[2:4], "little")
        size = int.from_bytes(command.data[4:7], "little")
        if file_no > 31 or comm_mode not in (COMM_PLAIN, COMM_MACED, COMM_ENCIPHERED) or not size:
            return response(b"", Status.PARAMETER_ERROR)
        if file_no in application.files:
            return response(b"", Status.DUPLICATE_ERROR)
        self._advance(command)
        application.files[file_no] = DataFile(bytes(size), access, comm_mode)
        return self._plain(b"")


def random_uid() -> bytes:
    """A 7-byte NXP-style UID (manufacturer byte 0x04)."""
    return b"\x04" + os.urandom(6)


def personalise(
    uid: bytes, info: CardInfo, master: MasterKey, issuer: MasterKey | None = None
) -> VirtualCard:
    """A genuine card, personalised from blank over APDUs exactly as the issuing station does.

    Without ``issuer`` keys 0 and 2 come from a throwaway issuer master (nobody can re-issue it).
    """
    # Imported here: personalise.py builds on card.py, which the emulator side does not need.
    from cardreader_service.personalise import personalise_card

    issuer = issuer or MasterKey(master.version, os.urandom(16))
    card = VirtualCard.blank(uid)
    personalise_card(
        DirectLink(card),
        MasterKeyStore({master.version: master.key}),
        MasterKeyStore({issuer.version: issuer.key}),
        info,
    )
    card.reset()
    return card


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
            # Same UID and card-info, but a clone cannot read the key out of the real card:
            # whatever key 1 it holds is not the one diversified from our gate master.
            return personalise(uid, info, MasterKey(master.version, os.urandom(16)))
        case "forged":
            # A card made by someone with the profile but another master key.
            return personalise(uid, info, MasterKey(master.version, os.urandom(16)))
        case "foreign":
            return VirtualCard.blank(uid)


class DirectLink:
    """An in-process ``Transport`` to a virtual card: the whole stack minus PC/SC and sockets."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card

    def transmit(self, apdu: bytes) -> bytes:
        try:
            return self.card.process(apdu)
        except CardTorn:
            raise CardError("card_removed", "card left the field") from None
