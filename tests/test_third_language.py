"""A third language is a settings change plus a catalog: French, set up here without touching the code.

The fixture does what TRANSLATING.md asks of a deployment: it adds ("fr", "French") to
LANGUAGES, puts a French catalog on LOCALE_PATHS (compiled here with msgfmt) and gives
django-parler the language list derived from LANGUAGES, as cms/settings.py does. parler reads
its settings once, at import (PARLER_LANGUAGES in ``parler.appsettings``, the known languages
in ``parler.utils.i18n.LANGUAGES_DICT``), so the fixture replaces those two values for the
test; a real deployment sets LANGUAGES before starting and needs none of this.
"""

import shutil
import subprocess

import pytest
from django.conf import settings as django_settings
from parler import appsettings as parler_settings
from parler.utils import i18n as parler_i18n
from parler.utils.conf import add_default_language_settings

from articles.models import Article
from articles.public.links import article_path
from tests.factories import make_published, make_section

pytestmark = pytest.mark.django_db

FRENCH_CATALOG = r'''msgid ""
msgstr ""
"Project-Id-Version: Khabar test\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\n"
"Last-Translator: Khabar tests\n"
"Language-Team: French\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Language: fr\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

msgid "Latest stories"
msgstr "Dernières nouvelles"

msgid "Skip to the content"
msgstr "Aller au contenu"

msgid "Search the site"
msgstr "Rechercher sur le site"

msgid "Original reporting"
msgstr "Reportage original"

msgid "Published:"
msgstr "Publié :"
'''


def parler_languages(languages) -> dict:
    """PARLER_LANGUAGES as cms/settings.py derives it from LANGUAGES (Arabic the fallback)."""
    return {
        None: tuple({"code": code} for code, _name in languages),
        "default": dict(django_settings.PARLER_LANGUAGES["default"]),
    }


@pytest.fixture
def french(settings, tmp_path, monkeypatch):
    if not shutil.which("msgfmt"):
        pytest.skip("GNU gettext's msgfmt is needed to compile the French catalog")
    messages = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(FRENCH_CATALOG, encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True)

    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "French")]
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path / "locale"]
    settings.PARLER_LANGUAGES = parler_languages(settings.LANGUAGES)
    monkeypatch.setattr(parler_i18n, "LANGUAGES_DICT", dict(settings.LANGUAGES))
    monkeypatch.setattr(parler_settings, "PARLER_LANGUAGES", add_default_language_settings(settings.PARLER_LANGUAGES))


@pytest.fixture
def story():
    article = make_published(
        title="خبر بثلاث لغات",
        section=make_section(name="اقتصاد", name_en="Economy"),
        en={"title": "A story in three languages", "body": "<p>English body.</p>"},
    )
    article.set_current_language("fr")
    article.title = "Une histoire en trois langues"
    article.body = "<p>Texte en français.</p>"
    article.save()
    return Article.objects.get(pk=article.pk)


def test_french_home_and_article_render_in_french_left_to_right(client, french, story):
    home = client.get("/fr/")
    assert home.status_code == 200
    html = home.text
    assert '<html lang="fr" dir="ltr">' in html
    assert "Dernières nouvelles" in html and "Aller au contenu" in html
    assert "Une histoire en trois langues" in html
    assert "<h2" in html and "Latest stories" not in html

    url = article_path(story, "fr")
    assert url.startswith("/fr/")
    page = client.get(url)
    assert page.status_code == 200
    assert '<html lang="fr" dir="ltr">' in page.text
    assert "Texte en français." in page.text and "Publié :" in page.text
    # hreflang lists the three translations that exist.
    for code in ("ar", "en", "fr"):
        assert f'hreflang="{code}"' in page.text


def test_arabic_and_english_are_untouched_by_french(client, french, story):
    arabic = client.get("/").text
    assert '<html lang="ar" dir="rtl">' in arabic and "آخر الأخبار" in arabic and "Dernières" not in arabic
    english = client.get("/en/").text
    assert '<html lang="en" dir="ltr">' in english and "Latest stories" in english and "Dernières" not in english
    assert "A story in three languages" in english


def test_a_story_without_french_translation_is_not_listed_in_french(client, french, story):
    make_published(title="خبر عربي فقط", en={"title": "English only story", "body": "<p>Body.</p>"})
    html = client.get("/fr/").text
    assert "Une histoire en trois langues" in html
    assert "English only story" not in html and "خبر عربي فقط" not in html


def test_french_admin_is_left_to_right_with_a_french_tab(admin_client, french, story):
    response = admin_client.get("/fr/admin/")
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr"' in response.text
    assert "Déconnexion" in response.text  # Django's own French catalog
    change = admin_client.get(f"/fr/admin/articles/article/{story.pk}/change/?language=fr")
    assert change.status_code == 200
    assert 'value="Une histoire en trois langues"' in change.text
    assert 'lang="fr" dir="ltr"' in change.text  # the French translation's fields
