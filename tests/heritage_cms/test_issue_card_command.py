"""``manage.py issue_card``: personalising a blank chip on a PC/SC reader, then registering it."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cardreader_service import (
    DirectLink,
    MasterKeyStore,
    VirtualCard,
    VpcdEmulator,
    random_uid,
    tap,
)
from heritage_cms.cards.access import check_access_code
from heritage_cms.cards.models import Card

pytestmark = pytest.mark.django_db

NUMBER = "9704000012345678"
GATE_KEYS = "1 00112233445566778899aabbccddeeff\n2 " + os.urandom(16).hex() + "\n"
ISSUER_KEYS = "3 " + os.urandom(16).hex() + "\n"


@pytest.fixture
def key_files(tmp_path):
    gate, issuer = tmp_path / "gate-keys", tmp_path / "issuer-keys"
    gate.write_text(GATE_KEYS)
    issuer.write_text(ISSUER_KEYS)
    return ["--key-file", str(gate), "--issuer-key-file", str(issuer)]


@pytest.fixture
def insert(vpcd_reader):
    """Put a card on the vpcd reader; pulled away and seen gone at teardown."""
    from cardreader_service import PcscReader

    inserted = []

    def _insert(card):
        inserted.append(VpcdEmulator(card).start())
        return card

    yield _insert
    for emulator in inserted:
        emulator.close()
    with PcscReader(vpcd_reader) as reader:
        reader.wait_for_removal(timeout=5.0)


def issue(*args):
    out = StringIO()
    call_command("issue_card", *args, stdout=out)
    return out.getvalue()


@pytest.mark.pcsc
def test_issue_with_reader_personalises_registers_and_a_gate_reads_it(
    vpcd_reader, insert, key_files
):
    uid = random_uid()
    card = insert(VirtualCard.blank(uid))
    output = issue(NUMBER, "--reader", vpcd_reader, *key_files, "--timeout", "10")

    registered = Card.objects.get(number=NUMBER)
    assert (registered.uid, registered.key_version) == (uid.hex().upper(), 2)
    code = output.split("access code ")[1].split()[0]
    assert check_access_code(registered, code)
    assert "Print on the card: number 9704 0000 1234 5678" in output
    assert output.count(code) == 1  # shown once, and nothing else that looks like a key
    assert "00112233" not in output
    card.reset()
    read = tap(DirectLink(card), MasterKeyStore.parse(GATE_KEYS))
    assert (read.uid, read.info.card_number, read.key_version) == (uid, int(NUMBER), 2)


@pytest.mark.pcsc
def test_issue_with_reader_refuses_a_card_that_is_already_another(vpcd_reader, insert, key_files):
    uid = random_uid()
    insert(VirtualCard.blank(uid))
    issue(NUMBER, "--reader", vpcd_reader, *key_files, "--uid", uid.hex())
    # The chip is registered: it is not rewritten, even with --force.
    with pytest.raises(CommandError, match="already registered as card " + NUMBER):
        issue("9704000099999999", "--reader", vpcd_reader, *key_files, "--force")
    # Not registered here (another environment, or a lost record): refused without --force.
    Card.objects.filter(number=NUMBER).delete()
    with pytest.raises(CommandError, match=r"already_issued.*--force"):
        issue("9704000099999999", "--reader", vpcd_reader, *key_files)
    assert not Card.objects.filter(number="9704000099999999").exists()
    output = issue("9704000099999999", "--reader", vpcd_reader, *key_files, "--force")
    assert Card.objects.get(number="9704000099999999").uid == uid.hex().upper()
    assert "personalised" in output


def test_issue_with_reader_needs_the_issuer_keys(tmp_path, monkeypatch):
    monkeypatch.delenv("HUE_CARD_ISSUER_KEYS", raising=False)
    gate = tmp_path / "gate-keys"
    gate.write_text(GATE_KEYS)
    with pytest.raises(CommandError, match="Issuer master keys"):
        issue(NUMBER, "--reader", "Virtual PCD 00 00", "--key-file", str(gate))
    assert not Card.objects.exists()


def test_without_reader_the_uid_is_registered_as_before():
    output = issue(NUMBER, "04a1b2c3d4e5f6")
    assert Card.objects.get(number=NUMBER).uid == "04A1B2C3D4E5F6"
    assert "access code" in output
    issue("9704000000000002", "--uid", "04A1B2C3D4E5F7")
    assert Card.objects.get(number="9704000000000002").uid == "04A1B2C3D4E5F7"
    with pytest.raises(CommandError, match="Give the chip's UID"):
        issue("9704000000000003")
