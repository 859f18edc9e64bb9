"""Host ↔ card exchanges in-process: the real host session against the real card logic."""

from __future__ import annotations

import os

import pytest

from cardreader_service import desfire, profile
from cardreader_service.card import CardRead, read_uid, tap
from cardreader_service.crypto import ZERO_IV, aes_cbc_decrypt, rotate_left
from cardreader_service.desfire import Command, Ins, Status
from cardreader_service.errors import CardError
from cardreader_service.keys import MasterKey, MasterKeyStore
from cardreader_service.profile import CardInfo
from cardreader_service.virtual_card import (
    DirectLink,
    VirtualCard,
    make_card,
    personalise,
    random_uid,
)


def status_of(link: DirectLink, ins: int, data: bytes = b"") -> int:
    """The status word the card answers one native command with."""
    return desfire.split_response(link.transmit(desfire.wrap(ins, data)))[1]


class TamperingLink(DirectLink):
    """A relay that flips one bit of the answer to one instruction: what an attacker can do."""

    def __init__(self, card: VirtualCard, ins: int) -> None:
        super().__init__(card)
        self.ins = ins

    def transmit(self, apdu: bytes) -> bytes:
        answer = super().transmit(apdu)
        if len(apdu) > 1 and apdu[0] == 0x90 and apdu[1] == self.ins and len(answer) > 2:
            answer = bytes([answer[0] ^ 0x01]) + answer[1:]
        return answer


def test_genuine_card_authenticates_and_reads(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    result = tap(DirectLink(personalise(uid, info, keys.current)), keys)
    assert isinstance(result, CardRead)
    assert result.uid == uid
    assert result.info == info
    assert result.key_version == keys.current.version
    assert result.apdus == 7


def test_card_issued_under_an_older_key_version_still_reads(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    old = keys.get(1)
    assert old is not None and old.version != keys.current.version
    assert tap(DirectLink(personalise(uid, info, old)), keys).key_version == 1


def test_forged_card_is_refused(keys: MasterKeyStore, info: CardInfo) -> None:
    card = make_card("forged", random_uid(), info, keys.current)
    with pytest.raises(CardError) as caught:
        tap(DirectLink(card), keys, is_issued_uid=lambda _uid: False)
    assert caught.value.reason == "forged_card"


def test_clone_of_an_issued_uid_is_refused_as_clone(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    clone = make_card("clone", uid, info, keys.current)
    assert clone.uid == uid
    with pytest.raises(CardError) as caught:
        tap(DirectLink(clone), keys, is_issued_uid=lambda seen: seen == uid)
    assert caught.value.reason == "cloned_card"
    assert caught.value.uid == uid
    # Without a register of issued UIDs the same failure reads as a forgery.
    with pytest.raises(CardError) as caught:
        tap(DirectLink(make_card("clone", uid, info, keys.current)), keys)
    assert caught.value.reason == "forged_card"


def test_card_without_our_application(keys: MasterKeyStore, uid: bytes, info: CardInfo) -> None:
    with pytest.raises(CardError) as caught:
        tap(DirectLink(make_card("foreign", uid, info, keys.current)), keys)
    assert caught.value.reason == "not_our_card"


def test_unknown_key_version(uid: bytes, info: CardInfo) -> None:
    card = personalise(uid, info, MasterKey(9, os.urandom(16)))
    keys = MasterKeyStore({1: os.urandom(16)})
    with pytest.raises(CardError) as caught:
        tap(DirectLink(card), keys)
    assert caught.value.reason == "unknown_key_version"


@pytest.mark.parametrize("after", range(7))
def test_card_torn_at_any_step_reports_card_removed(
    keys: MasterKeyStore, uid: bytes, info: CardInfo, after: int
) -> None:
    card = make_card("torn", uid, info, keys.current, tear_after=after)
    with pytest.raises(CardError) as caught:
        tap(DirectLink(card), keys)
    assert caught.value.reason == "card_removed"


def test_tampered_read_data_cmac_is_detected(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    link = TamperingLink(personalise(uid, info, keys.current), Ins.READ_DATA)
    with pytest.raises(CardError) as caught:
        tap(link, keys)
    assert caught.value.reason == "bad_mac"


def test_tampered_enciphered_uid_is_detected(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    link = TamperingLink(personalise(uid, info, keys.current), Ins.GET_CARD_UID)
    with pytest.raises(CardError) as caught:
        tap(link, keys)
    assert caught.value.reason == "bad_mac"


def test_tampered_challenge_fails_authentication(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    link = TamperingLink(personalise(uid, info, keys.current), Ins.AUTHENTICATE_AES)
    with pytest.raises(CardError) as caught:
        tap(link, keys)
    assert caught.value.reason == "forged_card"


def test_uid_spoofed_by_the_reader_path_is_caught_by_get_card_uid(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    """A card holding the right key for UID A but answering anticollision with B fails."""
    other = random_uid()
    card = personalise(other, info, keys.current)
    card.uid = uid  # anticollision and GetCardUID now say `uid`, the key belongs to `other`
    with pytest.raises(CardError) as caught:
        tap(DirectLink(card), keys)
    assert caught.value.reason == "forged_card"


def test_same_link_serves_repeated_taps(keys: MasterKeyStore, uid: bytes, info: CardInfo) -> None:
    link = DirectLink(personalise(uid, info, keys.current))
    assert [tap(link, keys).info for _ in range(3)] == [info] * 3


def test_three_pass_authentication_with_fixed_randoms() -> None:
    key = bytes(16)
    rnd_a, rnd_b = bytes(range(16)), bytes(range(16, 32))
    host, card = desfire.HostAuthentication(key, rnd_a), desfire.CardAuthentication(key, rnd_b)
    challenge = card.challenge()
    assert aes_cbc_decrypt(key, ZERO_IV, challenge) == rnd_b
    cryptogram = host.challenge_response(challenge)
    # RndA ‖ RndB' under CBC with the card's block as IV.
    assert aes_cbc_decrypt(key, challenge, cryptogram) == rnd_a + rotate_left(rnd_b)
    answered = card.respond(cryptogram)
    assert answered is not None
    answer, card_channel = answered
    host_channel = host.finish(answer)
    assert host_channel is not None
    expected = bytes.fromhex("00010203 10111213 0c0d0e0f 1c1d1e1f".replace(" ", ""))
    assert host_channel.session_key == card_channel.session_key == expected
    assert desfire.session_key(rnd_a, rnd_b) == expected
    assert host_channel.iv == card_channel.iv == ZERO_IV


def test_host_with_wrong_key_is_rejected_by_card() -> None:
    card = desfire.CardAuthentication(os.urandom(16))
    host = desfire.HostAuthentication(os.urandom(16))
    assert card.respond(host.challenge_response(card.challenge())) is None


def test_card_refuses_reads_before_authentication(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    card = personalise(uid, info, keys.current)
    link = DirectLink(card)
    assert read_uid(link) == uid
    assert status_of(link, Ins.SELECT_APPLICATION, profile.AID_BYTES) == Status.OK
    read = bytes([profile.FILE_CARD_INFO]) + bytes(3) + profile.CARD_INFO_SIZE.to_bytes(3, "little")
    assert status_of(link, Ins.READ_DATA, read) == Status.PERMISSION_DENIED
    assert status_of(link, Ins.GET_CARD_UID) == Status.PERMISSION_DENIED
    assert status_of(link, 0x6F) == Status.ILLEGAL_COMMAND


def test_wrong_key_number_and_bare_native_command(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    link = DirectLink(personalise(uid, info, keys.current))
    link.transmit(desfire.wrap(Ins.SELECT_APPLICATION, profile.AID_BYTES))
    assert status_of(link, Ins.AUTHENTICATE_AES, b"\x07") == 0x40
    assert link.transmit(bytes([Ins.GET_KEY_VERSION, profile.KEY_GATE_READ])) == b"\x6d\x00"


def test_apdu_framing() -> None:
    select = desfire.wrap(Ins.SELECT_APPLICATION, profile.AID_BYTES)
    assert select == bytes.fromhex("905A00000301E54800")
    assert desfire.wrap(Ins.GET_CARD_UID) == bytes.fromhex("9051000000")
    assert Command.parse(desfire.wrap(Ins.READ_DATA, b"\x01" + bytes(6))).data == b"\x01" + bytes(6)


def test_diversification_input_and_card_key(uid: bytes) -> None:
    div = profile.diversification_input(uid)
    assert div == uid + bytes.fromhex("01E548") + b"HUEHERITAGE"
    assert len(div) == 21
    master = os.urandom(16)
    assert profile.card_key(master, uid) != profile.card_key(master, random_uid())


def test_card_info_round_trip(info: CardInfo) -> None:
    raw = info.to_bytes()
    assert len(raw) == profile.CARD_INFO_SIZE
    assert raw[:1] == b"\x01"
    assert CardInfo.from_bytes(raw) == info
    with pytest.raises(ValueError):
        CardInfo.from_bytes(b"\x02" + raw[1:])
