import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from sources.arabic import arabic_slugify, normalize_arabic
from sources.disclaimers import FSI, PDI, validate_placeholders
from sources.models import DisclaimerTemplate, Source, SourceAlias
from sources.text import clean_text
from tests.dirty_text import SPILL, balanced, dirty, dirty_stored, has_controls
from tests.factories import make_disclaimer, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("إسرائيل", "اسرائيل"),
        ("سوريّا", "سوريا"),
        ("سـوريا", "سوريا"),
        ("مُستشفى", "مستشفي"),
        ("الجزيرة", "الجزيره"),
        ("٢٠٢٤", "2024"),
        ("۱۲", "12"),
        ("AFP", "afp"),
        ("ٱلقدس", "القدس"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
    ],
)
def test_normalize_arabic_folds_spelling_variants(variant, canonical):
    assert normalize_arabic(variant) == normalize_arabic(canonical)


def test_arabic_slugify_keeps_letters_drops_marks():
    assert arabic_slugify("أخبارُ اليمنِ ـ عاجل ٢٠٢٥!") == "أخبار-اليمن-عاجل-2025"
    assert len(arabic_slugify("كلمة " * 100)) <= 80


def test_source_slug_made_from_arabic_name_and_unique():
    first = make_source(name="وكالة الأنباء", slug="")
    second = make_source(name="وكالة الأنباء", slug="")
    assert first.slug == "وكالة-الأنباء"
    assert second.slug == "وكالة-الأنباء-2"


def test_alias_spelling_variant_of_existing_alias_is_refused():
    afp = make_source(name="وكالة الصحافة الفرنسية", aliases=["فرانس برس"])
    alias = SourceAlias(source=afp, name="فرانس بـرس")
    with pytest.raises(ValidationError) as error:
        alias.full_clean()
    assert "name" in error.value.message_dict


def test_source_name_falls_back_to_arabic_in_english():
    source = make_source(name="وكالة سبأ", name_en=None)
    assert source.display_name("en") == "وكالة سبأ"


@pytest.mark.parametrize("text", ["{source}", "{source_name!r}", "{site_name:>10}", "{0}", "{source_name", "}{"])
def test_invalid_placeholders_are_refused(text):
    with pytest.raises(ValidationError):
        validate_placeholders(f"نص {text}")


def test_valid_placeholders_and_literal_braces_pass():
    validate_placeholders("نقلاً عن {source_name} ({source_url}) في {site_name} {{حرفي}}")


def test_only_one_default_disclaimer():
    first = make_disclaimer(is_default=True)
    second = make_disclaimer(is_default=True)
    first.refresh_from_db()
    assert not first.is_default and second.is_default
    assert DisclaimerTemplate.default() == second


def test_source_admin_search_finds_by_alias(admin_client):
    make_source(name="وكالة الصحافة الفرنسية", name_en="AFP", aliases=["أ ف ب"])
    response = admin_client.get(reverse("admin:sources_source_changelist"), {"q": "أ ف ب"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_source_admin_saves_aliases_inline(admin_client):
    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {
            "kind": "agency", "name": "رويترز", "slug": "", "homepage_url": "reuters.example", "country": "",
            "is_active": "on", "terms_basis": "agreement", "terms_edits": "style", "search_policy": "noindex_news",
            "terms_notes": "",
            "aliases-TOTAL_FORMS": "2", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-name": "Reuters", "aliases-1-name": "رويترز",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    source = Source.objects.get()
    assert source.slug == "رويترز"
    assert source.homepage_url == "https://reuters.example"
    assert sorted(source.aliases.values_list("normalized", flat=True)) == ["reuters", "رويترز"]


# ---- Text hygiene (issue 22) ----


def _stored_name(source: Source, language: str) -> str:
    """The name as stored, read past parler's cache of translations."""
    return Source._parler_meta.root_model.objects.get(master_id=source.pk, language_code=language).name


def test_source_names_aliases_and_terms_are_cleaned_on_save():
    source = make_source(
        name=dirty("شام الإخبارية"), name_en=dirty("Sham News"), aliases=[f"أ\x0bف\x01ب{SPILL}"], country=dirty("سوريا"), slug=""
    )
    source.terms_notes = dirty("اتفاق\nمكتوب")
    source.save()
    stored = Source.objects.get(pk=source.pk)
    for language in ("ar", "en"):
        name = _stored_name(source, language)
        assert not has_controls(name) and balanced(name) and SPILL not in name
    assert stored.slug == arabic_slugify(_stored_name(source, "ar")) == "شام-ال-إخبارية"  # a line break was a space
    assert not has_controls(stored.country) and balanced(stored.country)
    assert stored.terms_notes.endswith("\nمكتوب") and not has_controls(stored.terms_notes)  # its line breaks stay
    alias = SourceAlias.objects.get()
    assert alias.name == "أ فب"
    assert alias.normalized == normalize_arabic("أ فب")


def test_source_admin_cleans_what_is_pasted(admin_client):
    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {
            "kind": "agency", "name": f"روي\x0bترز{SPILL}", "slug": "", "homepage_url": "", "country": "",
            "is_active": "on", "terms_basis": "agreement", "terms_edits": "style", "search_policy": "noindex_news",
            "terms_notes": "\x1bملاحظة\r\nثانية",
            "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-name": f"Reu\x7fters{PDI}",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert _stored_name(source, "ar") == "روي ترز"
    assert source.terms_notes == "ملاحظة\nثانية"
    assert source.aliases.get().name == "Reuters"


def test_disclaimer_template_name_and_text_are_cleaned_on_save():
    template = make_disclaimer(ar=dirty("نُقل عن") + " {source_name}", name=dirty("تنويه"))
    template.refresh_from_db()
    assert not has_controls(template.name) and balanced(template.name)
    text = DisclaimerTemplate._parler_meta.root_model.objects.get(master_id=template.pk, language_code="ar").text
    assert not has_controls(text) and balanced(text) and "{source_name}" in text


def test_rendered_disclaimer_isolates_cannot_be_closed_by_a_source_name():
    source = make_source(name=f"شام{SPILL}")
    Source._parler_meta.root_model.objects.filter(master_id=source.pk).update(name=f"شام{SPILL}")  # stored raw
    source = Source.objects.get(pk=source.pk)
    rendered = make_disclaimer(ar="نُقل عن {source_name}.").render(source=source, language="ar")
    assert rendered == f"نُقل عن {FSI}شام{PDI}."


def test_migration_cleans_source_text_stored_before():
    source = make_source(aliases=["فرانس برس", "أ ف ب"])
    template = make_disclaimer()
    raw = dirty_stored("شام")
    Source._parler_meta.root_model.objects.filter(master_id=source.pk).update(name=raw)
    Source.objects.filter(pk=source.pk).update(country=raw, terms_notes=f"أ\r\n{raw}")
    SourceAlias.objects.filter(name="فرانس برس").update(name=f"فرانس\x03برس{SPILL}")
    SourceAlias.objects.filter(name="أ ف ب").update(name="فرانس\x01برس")  # cleaned, it would clash
    DisclaimerTemplate.objects.filter(pk=template.pk).update(name=raw)
    DisclaimerTemplate._parler_meta.root_model.objects.filter(master_id=template.pk).update(text=raw)

    migration = importlib.import_module("sources.migrations.0002_clean_stored_text")
    migration.clean_stored_text(apps, None)

    for language in ("ar", "en"):
        assert _stored_name(source, language) == clean_text(raw)
    stored = Source.objects.get(pk=source.pk)
    assert stored.country == clean_text(raw)
    assert stored.terms_notes == clean_text(f"أ\n{raw}", multiline=True)
    assert DisclaimerTemplate.objects.get(pk=template.pk).name == clean_text(raw)
    translation = DisclaimerTemplate._parler_meta.root_model.objects.get(master_id=template.pk, language_code="ar")
    assert translation.text == clean_text(raw, multiline=True)
    aliases = dict(SourceAlias.objects.values_list("name", "normalized"))
    assert aliases == {"فرانسبرس": normalize_arabic("فرانسبرس"), "فرانس\x01برس": normalize_arabic("أ ف ب")}
