"""Personalisation over APDUs against the in-process blank card: cryptograms, order, safety."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cardreader_service import desfire
from cardreader_service.card import tap
from cardreader_service.crypto import aes_cbc_decrypt, cmac, desfire_crc32
from cardreader_service.desfire import Command, Ins, Status, change_key_plaintext
from cardreader_service.emulator import load_card, save_card
from cardreader_service.keys import MasterKeyStore
from cardreader_service.personalise import PersonalisationError, personalise_card
from cardreader_service.profile import (
    AID_BYTES,
    APPLICATION_ID,
    CARD_INFO_ACCESS_RIGHTS,
    COMM_ENCIPHERED,
    COMM_MACED,
    COMM_PLAIN,
    DEFAULT_APP_KEY,
    FILE_CARD_INFO,
    KEY_APP_MASTER,
    KEY_GATE_READ,
    KEY_ISSUER_WRITE,
    CardInfo,
    application_settings,
    card_info_file_settings,
    card_key,
    issuer_card_key,
)
from cardreader_service.virtual_card import DirectLink, VirtualCard, personalise

ISSUER = MasterKeyStore({4: bytes.fromhex("F0E1D2C3B4A5968778695A4B3C2D1E0F")})


def send(card: VirtualCard, ins: int, data: bytes = b"") -> tuple[bytes, int]:
    return desfire.split_response(card.process(desfire.wrap(ins, data)))


def authenticate(card: VirtualCard, key_no: int, key: bytes) -> desfire.SecureChannel:
    auth = desfire.HostAuthentication(key)
    challenge, status = send(card, Ins.AUTHENTICATE_AES, bytes([key_no]))
    assert status == Status.ADDITIONAL_FRAME
    answer, status = send(card, Ins.ADDITIONAL_FRAME, auth.challenge_response(challenge))
    assert status == Status.OK
    channel = auth.finish(answer)
    assert channel is not None
    return channel


def new_application(
    uid: bytes, file_comm: int = COMM_PLAIN
) -> tuple[VirtualCard, desfire.SecureChannel]:
    """A blank card with our application and a card-info file, authenticated with key 0."""
    card = VirtualCard.blank(uid)
    picc = authenticate(card, 0, bytes(16))
    command = Command(Ins.CREATE_APPLICATION, application_settings())
    picc.command(command)
    payload, status = send(card, command.ins, command.data)
    assert status == Status.OK and picc.verify_response(payload, status) == b""
    assert send(card, Ins.SELECT_APPLICATION, AID_BYTES)[1] == Status.OK
    channel = authenticate(card, KEY_APP_MASTER, DEFAULT_APP_KEY)
    settings = bytes([FILE_CARD_INFO, file_comm]) + card_info_file_settings()[2:]
    command = Command(Ins.CREATE_STD_DATA_FILE, settings)
    channel.command(command)
    payload, status = send(card, command.ins, command.data)
    assert status == Status.OK and channel.verify_response(payload, status) == b""
    return card, channel


def test_change_key_plaintext_layout_is_the_ev1_one() -> None:
    """Built by hand from the datasheet layout, not with the function under test."""
    new, old = bytes(range(16)), bytes([0xA5]) * 16
    xored = bytes(a ^ b for a, b in zip(new, old, strict=True))
    body = xored + b"\x07"
    expected = body + desfire_crc32(b"\xc4\x02" + body) + desfire_crc32(new) + bytes(7)
    assert change_key_plaintext(2, new, 7, old) == expected
    same = new + b"\x07"
    assert change_key_plaintext(0, new, 7) == same + desfire_crc32(b"\xc4\x00" + same) + bytes(11)
    # CRC-32/JAMCRC little-endian: the check value of "123456789" is 0x340BC6D9 (not inverted).
    assert desfire_crc32(b"123456789") == bytes.fromhex("D9C60B34")


def test_change_other_key_cryptogram_accepted_and_key_replaced(uid: bytes) -> None:
    card, channel = new_application(uid)
    new = os.urandom(16)
    iv_before = channel.iv
    cipher = channel.encipher_command(change_key_plaintext(1, new, 9, DEFAULT_APP_KEY))
    # CBC with the running IV: decrypting with it gives back the plaintext layout.
    assert aes_cbc_decrypt(channel.session_key, iv_before, cipher)[:16] == new  # old is zero
    payload, status = send(card, Ins.CHANGE_KEY, b"\x01" + cipher)
    assert status == Status.OK
    # The answer's CMAC is over the status with IV = last cryptogram block.
    assert payload == cmac(channel.session_key, b"\x00", cipher[-16:])[:8]
    assert channel.verify_response(payload, status) == b""
    assert card.applications[APPLICATION_ID].keys[1].key == new
    assert card.applications[APPLICATION_ID].keys[1].version == 9
    # The session continues: a second other-key change with a non-zero old key works.
    newer = os.urandom(16)
    cipher = channel.encipher_command(change_key_plaintext(1, newer, 10, new))
    payload, status = send(card, Ins.CHANGE_KEY, b"\x01" + cipher)
    assert status == Status.OK and channel.verify_response(payload, status) == b""
    assert card.applications[APPLICATION_ID].keys[1].key == newer


def test_change_key_with_a_wrong_old_key_is_an_integrity_error(uid: bytes) -> None:
    card, channel = new_application(uid)
    cipher = channel.encipher_command(change_key_plaintext(2, os.urandom(16), 1, os.urandom(16)))
    assert send(card, Ins.CHANGE_KEY, b"\x02" + cipher) == (b"", Status.INTEGRITY_ERROR)
    assert card.applications[APPLICATION_ID].keys[2].key == DEFAULT_APP_KEY
    # ... and the error ended the session, as on a real card.
    assert send(card, Ins.GET_CARD_UID)[1] == Status.PERMISSION_DENIED


def test_change_key_with_the_iv_out_of_step_is_refused(uid: bytes) -> None:
    card, channel = new_application(uid)
    channel.command(Command(Ins.GET_CARD_UID, b""))  # the host moved its IV, the card did not
    cipher = channel.encipher_command(change_key_plaintext(1, os.urandom(16), 1, DEFAULT_APP_KEY))
    assert send(card, Ins.CHANGE_KEY, b"\x01" + cipher)[1] == Status.INTEGRITY_ERROR


def test_change_authenticated_key_ends_the_session(uid: bytes) -> None:
    card, channel = new_application(uid)
    new = os.urandom(16)
    cipher = channel.encipher_command(change_key_plaintext(0, new, 3))
    assert send(card, Ins.CHANGE_KEY, b"\x00" + cipher) == (b"", Status.OK)  # no CMAC
    assert send(card, Ins.GET_CARD_UID)[1] == Status.PERMISSION_DENIED
    authenticate(card, KEY_APP_MASTER, new)


def test_change_key_needs_key_0(uid: bytes) -> None:
    card, _ = new_application(uid)
    channel = authenticate(card, KEY_GATE_READ, DEFAULT_APP_KEY)
    cipher = channel.encipher_command(change_key_plaintext(2, os.urandom(16), 1, DEFAULT_APP_KEY))
    assert send(card, Ins.CHANGE_KEY, b"\x02" + cipher)[1] == Status.AUTHENTICATION_ERROR


@pytest.mark.parametrize("comm", [COMM_PLAIN, COMM_MACED, COMM_ENCIPHERED])
def test_write_data_in_each_comm_mode_then_read_back(uid: bytes, comm: int) -> None:
    card, _ = new_application(uid, comm)
    channel = authenticate(card, KEY_ISSUER_WRITE, DEFAULT_APP_KEY)
    data = os.urandom(32)
    header = bytes([FILE_CARD_INFO]) + bytes(3) + (32).to_bytes(3, "little")
    if comm == COMM_ENCIPHERED:
        crc = desfire_crc32(b"\x3d" + header + data)
        body = header + channel.encipher_command(data + crc + bytes(12))
    else:
        mac = channel.command(Command(Ins.WRITE_DATA, header + data))
        body = header + data + (mac if comm == COMM_MACED else b"")
    payload, status = send(card, Ins.WRITE_DATA, body)
    assert status == Status.OK and channel.verify_response(payload, status) == b""
    assert card.applications[APPLICATION_ID].files[FILE_CARD_INFO].content == data
    read = Command(Ins.READ_DATA, header)
    channel.command(read)
    payload, status = send(card, read.ins, read.data)
    if comm == COMM_ENCIPHERED:
        assert channel.decipher_response(payload, status, 32) == data
    else:
        assert channel.verify_response(payload, status) == data


def test_maced_write_with_a_bad_mac_changes_nothing(uid: bytes) -> None:
    card, _ = new_application(uid, COMM_MACED)
    channel = authenticate(card, KEY_ISSUER_WRITE, DEFAULT_APP_KEY)
    header = bytes([FILE_CARD_INFO]) + bytes(3) + (32).to_bytes(3, "little")
    data = os.urandom(32)
    mac = bytearray(channel.command(Command(Ins.WRITE_DATA, header + data)))
    mac[0] ^= 1
    assert send(card, Ins.WRITE_DATA, header + data + bytes(mac))[1] == Status.INTEGRITY_ERROR
    assert card.applications[APPLICATION_ID].files[FILE_CARD_INFO].content == bytes(32)


def test_write_needs_the_write_key(uid: bytes) -> None:
    card, _ = new_application(uid, COMM_PLAIN)
    channel = authenticate(card, KEY_GATE_READ, DEFAULT_APP_KEY)
    header = bytes([FILE_CARD_INFO]) + bytes(3) + (32).to_bytes(3, "little")
    channel.command(Command(Ins.WRITE_DATA, header + bytes(32)))
    assert send(card, Ins.WRITE_DATA, header + bytes(32))[1] == Status.PERMISSION_DENIED


def test_create_application_needs_the_picc_master_key(uid: bytes) -> None:
    card = VirtualCard.blank(uid)
    assert send(card, Ins.CREATE_APPLICATION, application_settings())[1] == (
        Status.PERMISSION_DENIED
    )
    assert card.applications == {}


def test_personalised_card_holds_the_profile(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    card = VirtualCard.blank(uid)
    result = personalise_card(DirectLink(card), keys, ISSUER, info)
    assert (result.uid, result.key_version, result.info) == (uid, 2, info)
    app = card.applications[APPLICATION_ID]
    assert app.key_settings == 0x09 and sorted(app.keys) == [0, 1, 2]
    assert app.keys[KEY_GATE_READ].key == card_key(keys.current.key, uid)
    issuer = ISSUER.current
    assert app.keys[KEY_APP_MASTER].key == issuer_card_key(issuer.key, uid, KEY_APP_MASTER)
    assert app.keys[KEY_ISSUER_WRITE].key == issuer_card_key(issuer.key, uid, KEY_ISSUER_WRITE)
    assert app.keys[KEY_APP_MASTER].key != app.keys[KEY_ISSUER_WRITE].key
    assert [app.keys[n].version for n in (0, 1, 2)] == [4, 2, 4]
    info_file = app.files[FILE_CARD_INFO]
    assert (info_file.content, info_file.access_rights, info_file.comm_mode) == (
        info.to_bytes(),
        CARD_INFO_ACCESS_RIGHTS,
        COMM_MACED,
    )
    card.reset()
    assert tap(DirectLink(card), keys).info == info


def test_fast_path_is_the_apdu_path(keys: MasterKeyStore, uid: bytes, info: CardInfo) -> None:
    card = personalise(uid, info, keys.current, ISSUER.current)
    other = VirtualCard.blank(uid)
    personalise_card(DirectLink(other), keys, ISSUER, info)
    assert card.to_state() == other.to_state()


def test_refuses_a_card_that_is_already_another_card(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    card = VirtualCard.blank(uid)
    personalise_card(DirectLink(card), keys, ISSUER, info)
    before = card.to_state()
    other = CardInfo(card_number=9704000099999999, issuer_id=1, issued_on=20261124)
    with pytest.raises(PersonalisationError) as caught:
        personalise_card(DirectLink(card), keys, ISSUER, other)
    assert caught.value.state == "already_issued"
    assert str(info.card_number) in str(caught.value) and "--force" in str(caught.value)
    assert card.to_state() == before


def test_same_card_again_is_only_checked(keys: MasterKeyStore, uid: bytes, info: CardInfo) -> None:
    card = VirtualCard.blank(uid)
    personalise_card(DirectLink(card), keys, ISSUER, info)
    before = card.to_state()
    again = personalise_card(DirectLink(card), keys, ISSUER, info)
    assert again.already and card.to_state() == before


def test_force_with_the_issuer_key_re_personalises(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    card = VirtualCard.blank(uid)
    personalise_card(DirectLink(card), keys, ISSUER, info)
    other = CardInfo(card_number=9704000099999999, issuer_id=1, issued_on=20261124)
    result = personalise_card(DirectLink(card), keys, ISSUER, other, force=True)
    assert result.restarted
    card.reset()
    assert tap(DirectLink(card), keys).info == other


def test_force_without_our_issuer_key_is_refused(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    card = VirtualCard.blank(uid)
    personalise_card(DirectLink(card), keys, MasterKeyStore({4: os.urandom(16)}), info)
    before = card.to_state()
    with pytest.raises(PersonalisationError) as caught:
        personalise_card(DirectLink(card), keys, ISSUER, info, force=True)
    assert caught.value.state == "not_ours"
    assert card.to_state() == before


def test_wrong_picc_key_is_explained(keys: MasterKeyStore, uid: bytes, info: CardInfo) -> None:
    card = VirtualCard.blank(uid, picc_key=os.urandom(16))
    with pytest.raises(PersonalisationError) as caught:
        personalise_card(DirectLink(card), keys, ISSUER, info)
    assert caught.value.state == "picc_key_rejected" and "2K3DES" in str(caught.value)
    assert card.applications == {}


def test_non_default_aes_picc_key(keys: MasterKeyStore, uid: bytes, info: CardInfo) -> None:
    picc_key = os.urandom(16)
    card = VirtualCard.blank(uid, picc_key=picc_key)
    personalise_card(DirectLink(card), keys, ISSUER, info, picc_key=picc_key)
    card.reset()
    assert tap(DirectLink(card), keys).info == info


def test_expected_uid_must_match(keys: MasterKeyStore, uid: bytes, info: CardInfo) -> None:
    card = VirtualCard.blank(uid)
    with pytest.raises(PersonalisationError) as caught:
        personalise_card(DirectLink(card), keys, ISSUER, info, expected_uid=bytes(7))
    assert caught.value.state == "uid_mismatch" and card.applications == {}


def count_apdus(keys: MasterKeyStore, uid: bytes, info: CardInfo) -> int:
    return personalise_card(DirectLink(VirtualCard.blank(uid)), keys, ISSUER, info).apdus


def test_torn_at_every_step_then_rerun_succeeds(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    """Wherever the card leaves, the error says to rerun, and rerunning gives a good card."""
    total = count_apdus(keys, uid, info)
    for after in range(total):
        card = VirtualCard.blank(uid)
        card.apdu_budget = after
        with pytest.raises(PersonalisationError) as caught:
            personalise_card(DirectLink(card), keys, ISSUER, info)
        assert caught.value.state == "removed" and caught.value.code == "removed", after
        assert "run the same command again" in str(caught.value)
        # The protocol step is for the log: the operator's sentence is the same at every step.
        step = caught.value.detail.removeprefix("removed during ")
        assert step != caught.value.detail and step not in str(caught.value), after
        card.apdu_budget = None
        card.reset()  # back in the field
        app = card.applications.get(APPLICATION_ID)
        committed = app is not None and app.keys[KEY_APP_MASTER].key != DEFAULT_APP_KEY
        result = personalise_card(DirectLink(card), keys, ISSUER, info)
        card.reset()
        assert tap(DirectLink(card), keys).info == info, after
        # Before the commit point the rerun deletes and redoes; after it, it only checks.
        assert (result.already, result.restarted) == (committed, app is not None and not committed)


def test_torn_before_commit_leaves_key_0_default(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    """The half-state is detectable: our application with the default key 0 and no gate read."""
    total = count_apdus(keys, uid, info)
    tap_apdus = 7
    card = VirtualCard.blank(uid)
    card.apdu_budget = total - tap_apdus - 1  # everything but the last ChangeKey and the check
    with pytest.raises(PersonalisationError):
        personalise_card(DirectLink(card), keys, ISSUER, info)
    card.apdu_budget = None
    card.reset()
    app = card.applications[APPLICATION_ID]
    assert app.keys[KEY_APP_MASTER].key == DEFAULT_APP_KEY
    assert app.keys[KEY_GATE_READ].key == card_key(keys.current.key, uid)
    assert app.files[FILE_CARD_INFO].content == info.to_bytes()
    result = personalise_card(DirectLink(card), keys, ISSUER, info)
    assert result.restarted and not result.already


def test_emulator_state_file_round_trip(
    tmp_path: Path, keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    card = personalise(uid, info, keys.current, ISSUER.current)
    path = tmp_path / "card.json"
    save_card(card, path)
    assert path.stat().st_mode & 0o777 == 0o600  # it holds the card's keys
    loaded = load_card(path)
    assert loaded.to_state() == card.to_state()
    assert tap(DirectLink(loaded), keys).info == info


def test_an_unexpected_answer_is_one_sentence_and_the_card_s_words_stay_in_the_detail(
    keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    card = VirtualCard.blank(uid)

    class Garbled(DirectLink):
        """A relay that answers the card's UID with a CRC that does not verify."""

        def transmit(self, apdu: bytes) -> bytes:
            answer = super().transmit(apdu)
            return bytes([answer[0] ^ 0xFF]) + answer[1:] if apdu[1] == 0x51 else answer

    with pytest.raises(PersonalisationError) as caught:
        personalise_card(Garbled(card), keys, ISSUER, info)
    error = caught.value
    assert error.code == "card_error" and "run the same command again" in str(error)
    assert "CRC" not in str(error) and "GetCardUID" not in str(error)
    assert error.detail == "GetCardUID CRC does not verify"
