"""The Arabic catalog is complete: every msgid in the code is translated, none fuzzy, all compile."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["manage.py", "cms", "articles", "sources", "tools", "templates", "locale"]
ARABIC_PLURALS = "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"

needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgattrib", "msgfmt")),
    reason="GNU gettext (xgettext, msgmerge, msgattrib, msgfmt) is not installed",
)


def _entries(args: list[str], po: Path) -> str:
    return subprocess.run(["msgattrib", *args, "--no-wrap", str(po)], capture_output=True, text=True, check=True).stdout


def _refresh(copy: Path, domain: str) -> Path:
    """A copy of the project whose Arabic ``domain`` catalog was refreshed from the code, as `make messages` does."""
    if not (copy / "manage.py").exists():
        for name in CODE:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
            else:
                shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-d", domain, "-l", "ar", "--no-obsolete", "--add-location=file", "--no-wrap", "--verbosity=0"],
        cwd=copy, check=True, capture_output=True, timeout=300,
    )
    return copy / "locale" / "ar" / "LC_MESSAGES" / f"{domain}.po"


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("catalog")


@pytest.fixture(scope="module")
def refreshed_catalog(project_copy) -> Path:
    return _refresh(project_copy, "django")


@pytest.fixture(scope="module")
def refreshed_js_catalog(project_copy) -> Path:
    """The JavaScript catalog (the admin editor's strings listed in cms/i18n_vendor.js), refreshed."""
    return _refresh(project_copy, "djangojs")


@needs_gettext
def test_every_msgid_in_the_code_has_an_arabic_translation(refreshed_catalog):
    untranslated = _entries(["--untranslated", "--no-obsolete"], refreshed_catalog)
    missing = [line for line in untranslated.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert not missing, "Untranslated in locale/ar (run `make messages` and translate):\n" + "\n".join(missing[:50])


@needs_gettext
def test_every_msgid_in_the_javascript_has_an_arabic_translation(refreshed_js_catalog):
    untranslated = _entries(["--untranslated", "--no-obsolete"], refreshed_js_catalog)
    missing = [line for line in untranslated.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert not missing, "Untranslated in locale/ar djangojs.po (run `make messages` and translate):\n" + "\n".join(missing)


@needs_gettext
def test_no_fuzzy_arabic_entries(refreshed_catalog):
    fuzzy = _entries(["--only-fuzzy", "--no-obsolete"], refreshed_catalog)
    entries = [line for line in fuzzy.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert not entries, "Fuzzy entries in locale/ar:\n" + "\n".join(entries[:50])


@needs_gettext
@pytest.mark.parametrize("po", sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")), ids=lambda po: f"{po.parts[-3]}-{po.stem}")
def test_catalogs_compile_cleanly(po):
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_arabic_catalog_has_six_plural_forms():
    header = (ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert f"Plural-Forms: {ARABIC_PLURALS}" in header
