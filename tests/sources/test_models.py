import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sources.arabic import arabic_slugify, normalize_arabic
from sources.disclaimers import validate_placeholders
from sources.models import DisclaimerTemplate, Source, SourceAlias
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
