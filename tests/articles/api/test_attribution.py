"""What the newsroom stored is what the API says: attribution, terms, disclaimer, corrections, images."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.api.documents import ROLE_CITED, ROLE_ORIGIN
from articles.models import Article
from articles.newsroom.services import article_correct
from sources.models import Source
from tests.factories import image_upload, make_published
from tools.demo.load import load_demo

pytestmark = pytest.mark.django_db


def _descriptions(document, role):
    return [d["value"] for d in document.get("descriptions", []) if d["role"] == role]


def test_republished_story_names_its_source_agencies_terms_and_disclaimer(client, newsroom, editor, ninjs_validator):
    story, source = newsroom.republished, newsroom.source
    source.terms_basis = Source.TermsBasis.AGREEMENT
    source.terms_images_allowed = True
    source.save()
    reuters = newsroom.agency.__class__.objects.create(slug="reuters", kind=Source.Kind.AGENCY)
    reuters.set_current_language("ar")
    reuters.name = "رويترز"
    reuters.save()
    story.cited_sources.add(reuters)
    story.original_published_at = timezone.now() - timedelta(days=1)
    story.save()
    article_correct(article=story, by=editor, text="صُحّح رقم الضحايا إلى ثلاثة.", now=timezone.now())

    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    ninjs_validator.validate(document)
    assert document["infosources"] == [
        {"name": "شام الإخبارية", "uri": "http://testserver/source/sham/", "role": ROLE_ORIGIN, "literal": "sham"},
        {"name": "وكالة الصحافة الفرنسية", "uri": "http://testserver/source/afp/", "role": ROLE_CITED, "literal": "afp"},
        {"name": "رويترز", "uri": "http://testserver/source/reuters/", "role": ROLE_CITED, "literal": "reuters"},
    ]
    assert document["copyrightholder"] == "شام الإخبارية"
    assert "شام الإخبارية" in document["usageterms"]
    assert source.get_terms_basis_display() in document["usageterms"]
    assert document["rightsinfo"] == {"linkedrights": "http://testserver/source/sham/"}
    # The disclaimer byte for byte as stored at publication, whatever the template says today.
    stored = Article.objects.get(pk=story.pk).safe_translation_getter("disclaimer_text", language_code="ar")
    assert stored and _descriptions(document, "disclaimer") == [stored]
    [correction] = _descriptions(document, "correction")
    assert correction.endswith(" صُحّح رقم الضحايا إلى ثلاثة.")
    original = [a for a in document["associations"] if a["name"] == "original"]
    assert original == [
        {
            "name": "original",
            "uri": "https://sham.example/news/1",
            "type": "text",
            "representationtype": "partial",
            "copyrightholder": "شام الإخبارية",
            "firstcreated": original[0]["firstcreated"],
        }
    ]
    assert document["contentcreated"] == original[0]["firstcreated"]


def test_disclaimer_is_the_published_snapshot_not_the_current_template(client, newsroom):
    story = newsroom.republished
    stored = story.safe_translation_getter("disclaimer_text", language_code="ar")
    template = story.effective_disclaimer_template()
    template.set_current_language("ar")
    template.text = "نص جديد للتنويه {source_name}"
    template.save()
    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert _descriptions(document, "disclaimer") == [stored]


def test_arabic_text_round_trips_byte_for_byte(client, newsroom):
    title = "«عاجل»: اجتماعٌ في صنعاءَ بشأنِ الـ١٢ مليون ريال — ٢٠٢٦"
    summary = "سطر أول\nسطر ثانٍ فيه تشكيل: مُحَمَّد"
    body = "<p>فقرة <strong>مهمة</strong> عن «الأسعار» ١٢٪.</p><p>فقرة ثانية.</p>"
    story = make_published(title=title, summary=summary, body=body, byline="مراسلة خبر في عدن", dateline="عدن")
    stored = Article.objects.get(pk=story.pk)
    stored.set_current_language("ar")
    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert document["headlines"][0]["value"] == stored.title
    assert _descriptions(document, "summary") == [stored.summary]
    assert document["bodies"][0]["value"] == stored.body
    assert document["by"] == stored.byline
    assert document["located"] == stored.dateline
    assert "\\u" not in client.get(f"/api/v1/stories/{story.pk}/").content.decode()  # Arabic as it is


def test_lead_image_is_an_associated_picture_with_renditions_credit_and_alt(client, newsroom, ninjs_validator):
    story = make_published(title="خبر بصورة", lead_image=image_upload(size=(1600, 900)), lead_image_credit="تصوير: خبر")
    story.set_current_language("ar")
    story.lead_image_alt = "وصف الصورة"
    story.save()
    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    ninjs_validator.validate(document)
    [picture] = [a for a in document["associations"] if a["name"] == "leadimage"]
    assert picture["type"] == "picture"
    assert picture["by"] == "تصوير: خبر"
    assert {"role": "alt", "contenttype": "text/plain", "value": "وصف الصورة"} in picture["descriptions"]
    assert {r["contenttype"] for r in picture["renditions"]} == {"image/webp", "image/jpeg"}
    for rendition in picture["renditions"]:
        assert rendition["href"].startswith("http://testserver/")


def test_every_demo_story_is_valid_ninjs(client, ninjs_validator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(password="kalimat-sirr-tajribiya", now=timezone.now())
    public = Article.objects.published()
    for language in ("ar", "en"):
        response = client.get(f"/api/v1/stories/?limit=100&language={language}")
        documents = response.json()["items"]
        assert len(documents) == public.filter(translations__language_code=language).count() > 0
        for document in documents:
            ninjs_validator.validate(document)
    republished = client.get("/api/v1/stories/?origin=republished&limit=100").json()["items"]
    assert republished
    for document in republished:
        roles = [source["role"] for source in document["infosources"]]
        assert roles[0] == ROLE_ORIGIN and ROLE_CITED in roles
        assert document["usageterms"]
        assert _descriptions(document, "disclaimer")


def test_what_an_editor_saves_in_the_admin_is_what_the_api_says(client, newsroom, editor):
    from tests.articles.helpers import change_url, form_data, logged_in

    story = newsroom.republished
    title = "«تحديث»: وكالة الصحافة الفرنسية تنقل عن مصادر في حلب — ٣ قتلى"
    byline = "قسم الأخبار، مع وكالات"
    saved = logged_in(editor).post(
        change_url(story, "ar"),
        form_data(story, title=title, byline=byline, dateline="حلب", tags="سوريا, حلب", cited_sources=[newsroom.agency.pk]),
    )
    assert saved.status_code == 302
    stored = Article.objects.get(pk=story.pk)
    stored.set_current_language("ar")
    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert document["headlines"][0]["value"] == stored.title == title
    assert document["by"] == stored.byline == byline
    assert document["located"] == "حلب"
    assert document["version"] == str(stored.version)
    assert {s["name"] for s in document["subjects"] if s["rel"] == "tag"} == {"سوريا", "حلب"}
    assert [s["literal"] for s in document["infosources"]] == ["sham", "afp"]
    assert _descriptions(document, "disclaimer") == [stored.disclaimer_text]


def test_the_partner_that_carried_a_story_is_named_as_its_distributor(client, newsroom, ninjs_validator):
    from articles.api.documents import ROLE_DISTRIBUTOR

    story = newsroom.republished
    partner = newsroom.agency.__class__.objects.create(slug="partner", kind=Source.Kind.OUTLET)
    partner.set_current_language("ar")
    partner.name = "الشريك الناقل"
    partner.save()
    story.via_source = partner
    story.save()

    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    ninjs_validator.validate(document)
    roles = [(source["literal"], source["role"]) for source in document["infosources"]]
    assert roles == [("sham", ROLE_ORIGIN), ("partner", ROLE_DISTRIBUTOR), ("afp", ROLE_CITED)]
    assert document["infosources"][1]["name"] == "الشريك الناقل"
    # The same outlet as origin and carrier is named once, as the origin.
    story.via_source = newsroom.source
    story.save()
    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert [source["literal"] for source in document["infosources"]] == ["sham", "afp"]
