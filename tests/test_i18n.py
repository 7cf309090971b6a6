"""Both message catalogues are complete and in step with the code."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    "showcase",
    "regions",
    "products",
    "events",
    "editorial",
    "inquiries",
    "search",
    "templates",
    "manage.py",
]


def entries(po_text):
    """(msgid, [msgstr…], flags) for every entry but the header."""
    found = []
    for block in po_text.split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        msgid = _joined(block, "msgid")
        if not msgid:
            continue
        plural = _joined(block, "msgid_plural")
        strs = (
            [_joined(block, f"msgstr[{i}]") for i in range(2)]
            if plural
            else [_joined(block, "msgstr")]
        )
        found.append((msgid, strs, flags))
    return found


def _joined(block, keyword):
    match = re.search(rf'^{re.escape(keyword)} ((?:".*"\n?)+)', block + "\n", re.M)
    if not match:
        return None
    return "".join(re.findall(r'"(.*)"', match.group(1)))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_catalogue_has_every_string_translated(language):
    text = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found = entries(text)
    assert len(found) > 150
    untranslated = [
        msgid for msgid, strs, _flags in found if not all(s for s in strs if s is not None)
    ]
    fuzzy = [msgid for msgid, _strs, flags in found if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_vietnamese_is_really_vietnamese():
    text = (ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    translations = {msgid: strs[0] for msgid, strs, _flags in entries(text)}
    assert translations["OCOP products"] == "Sản phẩm OCOP"
    assert translations["Language"] == "Ngôn ngữ"
    same = [msgid for msgid, msgstr in translations.items() if msgid == msgstr and " " in msgid]
    assert len(same) < 5, same  # a few names (e.g. "OCOP Vietnam Hub") may stay


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_catalogues_cover_every_string_in_the_code(tmp_path):
    """makemessages over a copy of the code finds no string the catalogues lack."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    committed = {
        language: {
            msgid
            for msgid, _s, _f in entries(
                (tmp_path / "locale" / language / "LC_MESSAGES" / "django.po").read_text(
                    encoding="utf-8"
                )
            )
        }
        for language in ("vi", "en")
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "-l",
            "en",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=tmp_path,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "showcase.settings.test",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(tmp_path),
        },
    )
    for language in ("vi", "en"):
        extracted = {
            msgid
            for msgid, _s, _f in entries(
                (tmp_path / "locale" / language / "LC_MESSAGES" / "django.po").read_text(
                    encoding="utf-8"
                )
            )
        }
        assert extracted - committed[language] == set(), (
            f"run makemessages and translate ({language})"
        )
