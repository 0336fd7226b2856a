"""Catalog checks: messages.pot matches the code and templates; every catalog is complete and sound."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.checkers import python_format
from babel.messages.pofile import read_po

from app.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
# Welsh is required. Every other catalog that exists must be complete too: a language is only offered to
# people (app._compiled_languages) once its catalog is in translations/.
REQUIRED = sorted({"cy"} | {p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")})


def _extract(to: Path) -> None:
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "translations/babel.cfg",
            "-k",
            "lazy_gettext",
            "-k",
            "_l",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(to),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def _ids(path: Path) -> set[str]:
    with path.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def test_messages_pot_is_up_to_date(tmp_path):
    fresh = tmp_path / "messages.pot"
    _extract(fresh)
    committed = _ids(TRANSLATIONS / "messages.pot")
    current = _ids(fresh)
    assert current - committed == set(), "new messages: run make i18n-update"
    assert committed - current == set(), "messages no longer used: run make i18n-update"


TEMPLATE_MESSAGE = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def test_every_message_in_the_templates_is_in_messages_pot():
    """Independent of Babel's extractor, which skips a whole template it cannot parse and says nothing."""
    committed = _ids(TRANSLATIONS / "messages.pot")
    missing = {}
    for template in sorted((ROOT / "templates").rglob("*.*")):
        for double, single in TEMPLATE_MESSAGE.findall(template.read_text()):
            message = (double or single).replace('\\"', '"').replace("\\'", "'")
            if message not in committed:
                missing[message] = template.relative_to(ROOT)
    assert not missing, f"not in messages.pot (run make i18n-update): {missing}"


def test_every_catalog_is_a_known_language():
    assert set(REQUIRED) <= {lang.code for lang in LANGUAGES}


@pytest.mark.parametrize("code", REQUIRED)
def test_catalog_is_complete(code):
    po = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"no catalog for {code}"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=code)
    pot_ids = _ids(TRANSLATIONS / "messages.pot")
    problems = []
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        seen.add(key)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        if not all(strings):
            problems.append(f"untranslated: {key!r}")
            continue
        try:
            python_format(catalog, message)
        except Exception as exc:  # babel raises TranslationError
            problems.append(f"placeholders in {key!r}: {exc}")
    missing = pot_ids - seen
    assert not missing, f"{code}: {len(missing)} messages missing, run make i18n-update"
    assert not problems, f"{code}: " + "; ".join(problems[:20])
