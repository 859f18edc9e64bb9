"""A backup is only one once it has been restored: dump with deploy/backup.sh, restore with
deploy/restore.sh into a fresh PostgreSQL database, and find the ledger and the taps intact."""

import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from heritage_cms.cards import ledger
from heritage_cms.cards.factories import AccountFactory, CardFactory
from heritage_cms.cards.ingest import TapReport, ingest
from heritage_cms.cards.models import Account, Gate, LedgerEntry, Tap
from heritage_cms.core.money import VND
from heritage_cms.sites.factories import SiteFactory

ROOT = Path(__file__).resolve().parents[2]


def url_of(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_keeps_the_ledger_balanced_and_every_tap(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore: run with DATABASE_URL=postgres://…")
    payments = AccountFactory(kind=Account.Kind.PAYMENTS)
    cards = [CardFactory() for _ in range(3)]
    ledger.post(
        "top-ups",
        "top_up",
        [(payments, VND(-600_000))] + [(c.account, VND(200_000)) for c in cards],
    )
    gate = Gate(name="Ngọ Môn 1", site=SiteFactory(code="dai-noi"), fare=VND(30_000))
    gate.issue_token()
    gate.save()
    now = timezone.now()
    ingest(gate, [TapReport(n, c.number, now, "entered", fare=30_000) for n, c in enumerate(cards)])
    taps = set(Tap.objects.values_list("gate_id", "journal_id", "sequence", "card_number"))
    entries = LedgerEntry.objects.count()
    assert len(taps) == 3 and entries > 4

    env = {"DATABASE_URL": url_of(connection.settings_dict["NAME"]), "PATH": "/usr/bin:/bin"}
    env |= {"MEDIA_ROOT": str(tmp_path / "media"), "PRIVATE_MEDIA_ROOT": str(tmp_path / "none")}
    (tmp_path / "media" / "guides").mkdir(parents=True)
    (tmp_path / "media" / "guides" / "g.mp3").write_bytes(b"ID3")
    backup = subprocess.run(
        [ROOT / "deploy/backup.sh", tmp_path / "backups"], env=env, capture_output=True, text=True
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert (folder / "media" / "guides" / "g.mp3").read_bytes() == b"ID3"

    fresh = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(url_of("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore = subprocess.run(
            [ROOT / "deploy/restore.sh", folder / "database.dump", url_of(fresh)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert restore.returncode == 0, restore.stderr
        with psycopg.connect(url_of(fresh)) as restored:
            total, count = restored.execute(
                "SELECT COALESCE(SUM(amount), 0), COUNT(*) FROM cards_ledgerentry"
            ).fetchone()
            found = set(
                restored.execute(
                    "SELECT gate_id, journal_id, sequence, card_number FROM cards_tap"
                ).fetchall()
            )
        assert (total, count) == (0, entries), "the restored ledger still sums to zero"
        assert found == taps, "every tap is in the restored database"
    finally:
        with psycopg.connect(url_of("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
