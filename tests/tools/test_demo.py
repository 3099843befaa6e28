import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from PIL import Image

from articles.models import Article, Author, Contribution, LiveCoverage, LiveEntry, Section, Tag, TaggedArticle
from sources.arabic import normalize_arabic
from sources.disclaimers import FSI, PDI
from sources.images import validate_image_file
from sources.models import DisclaimerTemplate, Source, SourceAlias
from tools.demo.load import DEMO_USERS

pytestmark = pytest.mark.django_db

PASSWORD = "kalimat-sirr-tajribiya"
PASSWORD_HEADER = "DEMO_PASSWORD is not set, so the new users share this random password (shown only this once):"


def admin_login(client, username: str, password: str) -> bool:
    """Sign in through the admin's login form, as a person does (and as the login throttle sees it)."""
    response = client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})
    return response.status_code == 302 and response["Location"] == "/admin/"


def run_load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def row_counts() -> dict[str, int]:
    models = [
        Section,
        Section._parler_meta.root_model,
        Source,
        Source._parler_meta.root_model,
        SourceAlias,
        DisclaimerTemplate,
        DisclaimerTemplate._parler_meta.root_model,
        Article,
        Article._parler_meta.root_model,
        Article.cited_sources.through,
        Tag,
        TaggedArticle,
        LiveCoverage,
        LiveEntry,
        Author,
        Author._parler_meta.root_model,
        Contribution,
        get_user_model(),
    ]
    counts = {model._meta.label: model.objects.count() for model in models}
    counts["media files"] = len(media_files())
    return counts


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    run_load_demo()


def test_load_demo_twice_gives_the_same_counts(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    run_load_demo()
    first = row_counts()
    output = run_load_demo()
    assert row_counts() == first
    assert first[Article._meta.label] >= 12
    updated = first[Article._meta.label]
    assert (
        ngettext("%(count)d demo article updated.", "%(count)d demo articles updated.", updated) % {"count": updated}
        in output
    )


def test_load_demo_leaves_a_withdrawn_story_withdrawn(demo):
    article = Article.objects.filter(status=Article.Status.PUBLISHED).first()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    run_load_demo()
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


def test_load_demo_sources_have_aliases_and_terms(demo):
    afp = Source.objects.get(slug="afp")
    assert afp.kind == Source.Kind.AGENCY
    for alias in ("AFP", "أ ف ب", "فرانس برس", "وكالة الصحافة الفرنسية"):
        assert SourceAlias.objects.get(normalized=normalize_arabic(alias)).source == afp
    assert SourceAlias.objects.get(normalized=normalize_arabic("رويترز")).source.slug == "reuters"
    assert SourceAlias.objects.get(normalized=normalize_arabic("AP")).source.slug == "ap"
    assert Source.objects.filter(kind=Source.Kind.OUTLET).count() >= 1
    assert len(set(Source.objects.values_list("terms_basis", flat=True))) >= 3
    assert DisclaimerTemplate.default().has_translation("en")


def test_load_demo_republished_stories_carry_their_attribution(demo):
    articles = list(Article.objects.all())
    assert len(articles) >= 12
    republished = [a for a in articles if a.is_republished and a.status == Article.Status.PUBLISHED]
    assert len(republished) * 2 >= len(articles)
    for article in republished:
        article.set_current_language("ar")
        assert article.source_id and article.original_url
        cited = list(article.cited_sources.all())
        assert cited
        body = normalize_arabic(article.body)
        for agency in cited:
            assert any(alias.normalized in body for alias in agency.aliases.all()), (article.title, agency.slug)
        disclaimer = article.render_disclaimer("ar")
        assert disclaimer == article.disclaimer_text  # frozen at publication
        assert f"{FSI}{article.source.display_name('ar')}{PDI}" in disclaimer
        assert f"{FSI}{settings.SITE_NAME}{PDI}" in disclaimer
        assert "{" not in disclaimer


def test_load_demo_original_reporting_has_a_byline_or_credits(demo):
    originals = Article.objects.filter(origin=Article.Origin.ORIGINAL)
    assert originals.exists()
    for article in originals:
        article.set_current_language("ar")
        assert (article.byline or article.credits) and article.dateline
        assert article.render_disclaimer("ar") == ""


def test_load_demo_has_english_translations(demo):
    translated = [a for a in Article.objects.all() if a.has_translation("en")]
    assert len(translated) >= 3
    for article in translated:
        article.set_current_language("en")
        assert article.title and article.summary and article.body and article.dateline
        if article.is_republished and article.status == Article.Status.PUBLISHED:
            assert article.render_disclaimer("en").startswith("Note:")


def test_load_demo_images_are_valid_jpegs_with_descriptions(demo):
    for article in Article.objects.all():
        article.set_current_language("ar")
        assert article.lead_image_alt and article.lead_image_caption and article.lead_image_credit
        assert article.lead_image_width and article.lead_image_height
        with article.lead_image.open("rb") as file:
            validate_image_file(file)
            with Image.open(file) as image:
                assert image.format == "JPEG"
                assert image.size == (article.lead_image_width, article.lead_image_height)


def test_load_demo_timeline_drafts_and_breaking(demo):
    now = timezone.now()
    published = Article.objects.published()
    assert published.count() == Article.objects.filter(status=Article.Status.PUBLISHED).count() >= 10
    times = sorted(published.values_list("published_at", flat=True))
    assert now - times[0] > timedelta(days=1)
    assert 1 <= Article.objects.filter(status=Article.Status.DRAFT, published_at__isnull=True).count() <= 2
    breaking = Article.objects.get(is_breaking=True)
    assert breaking.status == Article.Status.PUBLISHED
    assert now - timedelta(hours=1) <= breaking.published_at <= now
    assert Tag.objects.filter(name="حضرموت").exists()


def test_demo_users_log_in_to_the_admin_with_demo_password(demo, client):
    User = get_user_model()
    assert set(User.objects.values_list("username", flat=True)) == set(DEMO_USERS)
    assert User.objects.get(username="admin").is_superuser
    for username in DEMO_USERS:
        assert User.objects.get(username=username).is_staff
        assert admin_login(client, username, PASSWORD)
        assert client.get(reverse("admin:index")).status_code == 200
        client.logout()


def test_demo_articles_are_listed_in_the_admin(demo, client):
    admin_login(client, "admin", PASSWORD)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'dir="rtl"' in content
    assert Article.objects.get(is_breaking=True).safe_translation_getter("title", language_code="ar") in content

    republished = Article.objects.filter(origin=Article.Origin.REPUBLISHED, status=Article.Status.PUBLISHED).first()
    response = client.get(reverse("admin:articles_article_change", args=[republished.pk]))
    assert response.status_code == 200
    assert republished.source.display_name("ar") in response.content.decode()


def test_random_password_is_printed_once_and_kept(monkeypatch, client):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    lines = run_load_demo().splitlines()
    header = lines.index(gettext(PASSWORD_HEADER))
    password = lines[header + 1].strip()
    assert len(password) >= 12
    assert "\n".join(lines).count(password) == 1
    assert admin_login(client, "editor", password)

    again = run_load_demo()
    assert password not in again and gettext(PASSWORD_HEADER) not in again
    assert admin_login(client, "writer", password)


def test_demo_password_resets_existing_users(monkeypatch, client):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    run_load_demo()
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    output = run_load_demo()
    assert gettext("The demo users' password is the one in DEMO_PASSWORD.") in output
    assert admin_login(client, "translator", PASSWORD)


def test_dry_run_saves_nothing(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = run_load_demo("--dry-run")
    assert gettext("Dry run: nothing was saved. A real run would give:") in output
    assert Article.objects.count() == Section.objects.count() == get_user_model().objects.count() == 0
    assert media_files() == []


def test_demo_users_belong_to_their_role_groups(demo):
    User = get_user_model()
    assert list(User.objects.get(username="editor").groups.values_list("name", flat=True)) == ["Editors"]
    assert list(User.objects.get(username="writer").groups.values_list("name", flat=True)) == ["Writers"]
    assert list(User.objects.get(username="translator").groups.values_list("name", flat=True)) == ["Translators"]
    assert User.objects.get(username="admin").is_superuser


def test_load_demo_has_a_live_story_linked_from_the_home_page(demo, client):
    coverage = LiveCoverage.objects.get()
    assert coverage.is_running and coverage.article.is_public()
    entries = LiveEntry.objects.filter(coverage=coverage)
    assert entries.filter(is_pinned=True).exists() and entries.filter(is_key_event=True).count() >= 2
    path = coverage.article.get_absolute_url()
    assert f'href="{path}"' in client.get("/").content.decode()
    page = client.get(path).content.decode()
    assert 'id="live"' in page and "live__pinned" in page and "live__keys" in page
    assert entries.filter(picture__isnull=False).count() == 1 and "live-entry__picture" in page


def test_load_demo_credits_several_people_on_stories_of_the_home_page(demo, client):
    credited = [a for a in Article.objects.published() if len(a.credits) >= 3]
    assert len(credited) >= 2
    home = client.get("/").content.decode() + client.get("/?page=2").content.decode()
    for article in credited:
        assert article.get_absolute_url() in home
    writer = Author.objects.get(user__username="writer")
    assert any(c["author"] == writer.pk for a in credited for c in a.credits)
    english = [a for a in credited if a.has_translation("en")]
    assert english and english[0].credits[-1]["role"] == "translation"
    for prefix in ("", "/en"):
        page = client.get(f"{prefix}/author/omar-bawazir/")
        assert page.status_code == 200
        assert client.get(f"{prefix}/author/omar-bawazir/rss/").status_code == 200
    assert "Omar Bawazir" in client.get("/en/author/omar-bawazir/").content.decode()
