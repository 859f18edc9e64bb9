"""Every UI string is translated in every content language; compiled catalogues are current."""

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE_DIR = Path(__file__).resolve().parents[2] / "heritage_cms" / "locale"
LANGUAGES = ["vi", "fr", "zh_Hans", "ja", "ko"]

pytestmark = pytest.mark.skipif(
    shutil.which("msgattrib") is None, reason="needs gettext: sudo make system-packages"
)


def _entries(po: Path, *flags: str) -> list[str]:
    out = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(po)], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert not _entries(po, "--untranslated"), "run `make messages` and translate the new strings"
    assert not _entries(po, "--only-fuzzy"), "review the fuzzy guesses and drop the flag"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language, tmp_path):
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
    committed = subprocess.run(
        ["msgunfmt", str(po.with_suffix(".mo"))], capture_output=True, text=True, check=True
    ).stdout
    compiled = subprocess.run(
        ["msgunfmt", str(fresh)], capture_output=True, text=True, check=True
    ).stdout
    assert committed == compiled, "run `make messages` to recompile the .mo file"
