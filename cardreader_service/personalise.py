"""Issuing: turn a blank DESFire card into a heritage card over APDUs (docs/cards.md).

One code path for a card on a reader (``CardLink``) and the in-process virtual card
(``DirectLink``), so the emulator's cards are made exactly as real ones are. The order of the
commands puts the only irreversible step last: until key 0 leaves its default value the card
can be wiped and redone without any secret, after it the card is complete (and is verified with
the gate's own ``tap``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cardreader_service.card import Transport, read_uid, tap
from cardreader_service.crypto import desfire_crc32, pad_zero
from cardreader_service.desfire import (
    Command,
    HostAuthentication,
    Ins,
    SecureChannel,
    Status,
    change_key_plaintext,
    split_response,
    wrap,
)
from cardreader_service.errors import CardError, CardServiceError
from cardreader_service.keys import MasterKeyStore
from cardreader_service.profile import (
    AID_BYTES,
    CARD_INFO_COMM_MODE,
    COMM_ENCIPHERED,
    COMM_MACED,
    DEFAULT_APP_KEY,
    DEFAULT_PICC_KEY,
    FILE_CARD_INFO,
    KEY_APP_MASTER,
    KEY_GATE_READ,
    KEY_ISSUER_WRITE,
    PICC_AID_BYTES,
    UID_LENGTH,
    CardInfo,
    application_settings,
    card_info_file_settings,
    card_key,
    issuer_card_key,
)

State = Literal[
    "already_issued",  # the card holds our application, key 0 changed: refused without force
    "not_ours",  # force asked, but key 0 does not answer to our issuer key
    "picc_key_rejected",  # the PICC master key is not the AES key we were given
    "removed",  # the card left the field; the message says whether a rerun is safe
    "uid_mismatch",  # not the UID the operator asked for, or a random-ID card
    "card_error",  # an unexpected answer
    "verify_failed",  # personalised, but the gate's tap does not read it back correctly
]

_RETRY = (
    "put the card back and run the same command again: an unfinished application (key 0 still "
    "the default) is removed and redone, a finished card with this number is only checked"
)


class PersonalisationError(CardServiceError):
    """Why the card was not personalised, phrased as what the operator should do next."""

    def __init__(
        self, state: State, message: str, uid: bytes | None = None, detail: str = ""
    ) -> None:
        super().__init__(message, detail)
        self.state: State = state
        self.code = state
        self.uid = uid


@dataclass(frozen=True, slots=True)
class Personalised:
    """A card the gate's tap reads back: what to register (UID, key 1's version) and print."""

    uid: bytes
    key_version: int  # key 1's version: the gate master version the CMS records
    info: CardInfo
    apdus: int
    already: bool = False  # the card already was exactly this card; nothing was written
    restarted: bool = False  # an earlier unfinished or forced application was deleted first


def _unexpected(detail: str, uid: bytes | None) -> PersonalisationError:
    """An answer no step allows: one sentence for the operator, the protocol's words in detail."""
    return PersonalisationError(
        "card_error", f"The card gave an unexpected answer: {_RETRY}.", uid, detail
    )


class _StepFailed(Exception):
    def __init__(self, step: str, status: int) -> None:
        super().__init__(f"{step} answered 91{status:02X}")
        self.status = status


class _Session:
    """The host side of one personalisation: APDU count, current step, EV1 secure messaging."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.apdus = 0
        self.step = "reading the UID"
        self.uid: bytes | None = None
        self.channel: SecureChannel | None = None

    def transmit(self, apdu: bytes) -> bytes:
        self.apdus += 1
        return self.transport.transmit(apdu)

    def exchange(self, command: Command) -> tuple[bytes, int]:
        raw = self.transmit(wrap(command.ins, command.data))
        try:
            data, status = split_response(raw)
        except ValueError as error:
            raise _unexpected(f"{self.step}: {error}", self.uid) from None
        if status not in (Status.OK, Status.ADDITIONAL_FRAME):
            self.channel = None  # the card has ended the session too
        return data, status

    def select(self, aid: bytes) -> int:
        self.step = f"SelectApplication {aid[::-1].hex().upper()}"
        self.channel = None
        return self.exchange(Command(Ins.SELECT_APPLICATION, aid))[1]

    def authenticate(self, key_no: int, key: bytes) -> bool:
        """AuthenticateAES; False when the card does not hold ``key`` (91 AE)."""
        self.step = f"AuthenticateAES key {key_no}"
        self.channel = None
        auth = HostAuthentication(key)
        data, status = self.exchange(Command(Ins.AUTHENTICATE_AES, bytes([key_no])))
        if status == Status.AUTHENTICATION_ERROR:
            return False
        if status != Status.ADDITIONAL_FRAME or len(data) != 16:
            raise _StepFailed(self.step, status)
        data, status = self.exchange(Command(Ins.ADDITIONAL_FRAME, auth.challenge_response(data)))
        if status == Status.AUTHENTICATION_ERROR:
            return False
        if status != Status.OK:
            raise _StepFailed(self.step, status)
        self.channel = auth.finish(data)
        return self.channel is not None

    def _answer(self, command: Command, payload: bytes, status: int) -> bytes:
        if status != Status.OK:
            raise _StepFailed(self.step, status)
        if self.channel is None:
            return payload
        data = self.channel.verify_response(payload, status)
        if data is None:
            raise _unexpected(f"{self.step}: the answer's CMAC does not verify", self.uid)
        return data

    def plain(self, step: str, command: Command) -> bytes:
        """A plain command: MAC'd on both sides (not sent), the answer's CMAC checked."""
        self.step = step
        if self.channel is not None:
            self.channel.command(command)
        return self._answer(command, *self.exchange(command))

    def card_uid(self) -> bytes:
        self.step = "GetCardUID"
        assert self.channel is not None
        command = Command(Ins.GET_CARD_UID, b"")
        self.channel.command(command)
        cipher, status = self.exchange(command)
        if status != Status.OK:
            raise _StepFailed(self.step, status)
        uid = self.channel.decipher_response(cipher, status, UID_LENGTH)
        if uid is None:
            raise _unexpected("GetCardUID CRC does not verify", self.uid)
        return uid

    def change_key(self, key_no: int, new_key: bytes, version: int, old_key: bytes | None) -> None:
        """ChangeKey 0xC4; ``old_key`` None changes the authenticated key and ends the session."""
        self.step = f"ChangeKey {key_no}"
        assert self.channel is not None
        cipher = self.channel.encipher_command(
            change_key_plaintext(key_no, new_key, version, old_key)
        )
        command = Command(Ins.CHANGE_KEY, bytes([key_no]) + cipher)
        payload, status = self.exchange(command)
        if old_key is None:
            if status != Status.OK:
                raise _StepFailed(self.step, status)
            self.channel = None  # the card answers without CMAC: the session is over
            return
        self._answer(command, payload, status)

    def write_data(self, file_no: int, offset: int, data: bytes, comm_mode: int) -> None:
        """WriteData 0x3D in the file's communication mode (plain, MACed or enciphered)."""
        self.step = f"WriteData file {file_no}"
        assert self.channel is not None
        header = bytes([file_no]) + offset.to_bytes(3, "little") + len(data).to_bytes(3, "little")
        if comm_mode == COMM_ENCIPHERED:
            crc = desfire_crc32(bytes([Ins.WRITE_DATA]) + header + data)
            body = header + self.channel.encipher_command(pad_zero(data + crc))
        else:
            mac = self.channel.command(Command(Ins.WRITE_DATA, header + data))
            body = header + data + (mac if comm_mode == COMM_MACED else b"")
        command = Command(Ins.WRITE_DATA, body)
        self._answer(command, *self.exchange(command))


def personalise_card(
    transport: Transport,
    keys: MasterKeyStore,
    issuer_keys: MasterKeyStore,
    info: CardInfo,
    *,
    picc_key: bytes = DEFAULT_PICC_KEY,
    force: bool = False,
    expected_uid: bytes | None = None,
) -> Personalised:
    """Personalise the card on ``transport`` as ``info``; raise ``PersonalisationError``.

    ``keys`` are the gate masters (key 1 from the current one), ``issuer_keys`` the issuer
    masters (keys 0 and 2 from the current one; any version proves a card ours for ``force``).
    """
    session = _Session(transport)
    try:
        return _personalise(session, keys, issuer_keys, info, picc_key, force, expected_uid)
    except CardError as error:
        if error.reason == "card_removed":
            raise PersonalisationError(
                "removed",
                f"The card was removed before it was personalised: {_RETRY}.",
                session.uid,
                f"removed during {session.step}",
            ) from None
        raise _unexpected(error.detail or str(error), session.uid) from None
    except _StepFailed as error:
        raise _unexpected(str(error), session.uid) from None


def _personalise(
    session: _Session,
    keys: MasterKeyStore,
    issuer_keys: MasterKeyStore,
    info: CardInfo,
    picc_key: bytes,
    force: bool,
    expected_uid: bytes | None,
) -> Personalised:
    uid = session.uid = read_uid(session)
    if expected_uid is not None and uid != expected_uid:
        raise PersonalisationError(
            "uid_mismatch", f"The card's UID is {uid.hex().upper()}, not the one given.", uid
        )
    status = session.select(AID_BYTES)
    restarted = False
    if status == Status.OK:
        done = _existing_application(session, uid, keys, issuer_keys, info, force)
        if done is not None:
            return done
        restarted = True
    elif status != Status.APPLICATION_NOT_FOUND:
        raise _StepFailed(session.step, status)

    if session.select(PICC_AID_BYTES) != Status.OK:
        raise _StepFailed(session.step, Status.APPLICATION_NOT_FOUND)
    if not session.authenticate(0, picc_key):
        raise PersonalisationError(
            "picc_key_rejected",
            "The card refused the PICC master key (AES, key 0): give the card's AES PICC key "
            "with --picc-key; factory cards ship with a 2K3DES zero key, which this station "
            "does not handle yet (docs/cards.md, 'Factory cards').",
            uid,
        )
    if session.card_uid() != uid:
        raise PersonalisationError(
            "uid_mismatch",
            "The card hides its real UID (a random-ID card): it cannot be a heritage pass.",
            uid,
            "GetCardUID differs from the anticollision UID",
        )
    if restarted:
        session.plain("DeleteApplication", Command(Ins.DELETE_APPLICATION, AID_BYTES))
    session.plain("CreateApplication", Command(Ins.CREATE_APPLICATION, application_settings()))

    gate, issuer = keys.current, issuer_keys.current
    if session.select(AID_BYTES) != Status.OK:
        raise _StepFailed(session.step, Status.APPLICATION_NOT_FOUND)
    _must_authenticate(session, KEY_APP_MASTER, DEFAULT_APP_KEY)
    session.plain("CreateStdDataFile", Command(Ins.CREATE_STD_DATA_FILE, card_info_file_settings()))
    write_key = issuer_card_key(issuer.key, uid, KEY_ISSUER_WRITE)
    session.change_key(KEY_ISSUER_WRITE, write_key, issuer.version, DEFAULT_APP_KEY)
    _must_authenticate(session, KEY_ISSUER_WRITE, write_key)
    session.write_data(FILE_CARD_INFO, 0, info.to_bytes(), CARD_INFO_COMM_MODE)
    _must_authenticate(session, KEY_APP_MASTER, DEFAULT_APP_KEY)
    session.change_key(KEY_GATE_READ, card_key(gate.key, uid), gate.version, DEFAULT_APP_KEY)
    # The commit point: before it key 0 is the default and the card can be redone freely.
    master_key = issuer_card_key(issuer.key, uid, KEY_APP_MASTER)
    session.change_key(KEY_APP_MASTER, master_key, issuer.version, None)

    session.step = "verification (the gate's tap)"
    try:
        read = tap(session, keys)
    except CardError as error:
        if error.reason == "card_removed":
            raise
        raise PersonalisationError(
            "verify_failed",
            f"The gate's tap refuses the new card: {error}",
            uid,
            f"{error.code}: {error.detail}",
        ) from None
    if (read.uid, read.info, read.key_version) != (uid, info, gate.version):
        raise PersonalisationError(
            "verify_failed", "The gate's tap reads something else than was written.", uid
        )
    return Personalised(uid, gate.version, info, session.apdus, restarted=restarted)


def _must_authenticate(session: _Session, key_no: int, key: bytes) -> None:
    if not session.authenticate(key_no, key):
        raise _unexpected(f"key {key_no} was refused in the middle of personalising", session.uid)


def _existing_application(
    session: _Session,
    uid: bytes,
    keys: MasterKeyStore,
    issuer_keys: MasterKeyStore,
    info: CardInfo,
    force: bool,
) -> Personalised | None:
    """Our application is on the card: None to delete and redo it, or the card as it is."""
    if session.authenticate(KEY_APP_MASTER, DEFAULT_APP_KEY):
        return None  # key 0 still the default: an earlier run stopped before its commit point
    read: CardInfo | None = None
    key_version, why = 0, ""
    try:
        result = tap(session, keys)
        read, key_version = result.info, result.key_version
    except CardError as error:
        if error.reason == "card_removed":
            raise
        why = error.reason
    if read == info and not force:
        return Personalised(uid, key_version, info, session.apdus, already=True)
    if not force:
        what = (
            f"is already card {read.card_number}"
            if read is not None
            else f"holds a heritage application these gate keys cannot read ({why})"
        )
        raise PersonalisationError(
            "already_issued",
            f"Card {uid.hex().upper()} {what}: refusing to overwrite it; --force re-personalises "
            "it (needs the issuer key it was made with), or register it without --reader.",
            uid,
        )
    if session.select(AID_BYTES) != Status.OK:
        raise _StepFailed(session.step, Status.APPLICATION_NOT_FOUND)
    session.step = "GetKeyVersion key 0"
    data = session.plain(session.step, Command(Ins.GET_KEY_VERSION, bytes([KEY_APP_MASTER])))
    issuer = issuer_keys.get(data[0]) if len(data) == 1 else None
    if issuer is None or not session.authenticate(
        KEY_APP_MASTER, issuer_card_key(issuer.key, uid, KEY_APP_MASTER)
    ):
        raise PersonalisationError(
            "not_ours",
            f"Key 0 (version {data[0] if data else '?'}) does not answer to our issuer keys: "
            "the card was not made with them; refusing to delete its application.",
            uid,
        )
    return None
