"""Previews of unpublished stories in the public design.

Staff preview any story they can see from the admin. A signed link (TimestampSigner) lets
someone without an account read it too; the link stops working when it expires or as soon as
the story is public (or withdrawn), so it never becomes a second address for a live story.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.views.generic import View

from articles.models import Article
from articles.public import selectors
from articles.public.cache import fresh_page
from articles.public.story_render import StoryRenderer
from articles.public.views import ArticleDetailView

SALT = "articles.public.preview"


class ArticlePreviewView(ArticleDetailView):
    """A story before publication, in the public design: private, never cached, never indexed."""

    template_name = "articles/preview.html"
    article = None
    shared = False

    def dispatch(self, request, *args, **kwargs):
        # Skips the public page cache, its shared-cache headers and the kept page parts on purpose.
        with fresh_page():
            return View.dispatch(self, request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.story = self.render_story(self.article)
        response = self.render_to_response(self.get_context_data())
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    def page_paths(self):
        return {get_language(): self.request.path}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            article=self.article,
            is_preview=True,
            shared_preview=self.shared,
            read_beacon=None,
            canonical_url=None,
            language_links=[],
            other_languages=[],
        )
        return context

    def render_story(self, article):
        # No JSON-LD and no related stories: a preview is not a page of the site yet.
        return StoryRenderer(self.origin(), path=self.request.path, discovery=False).render(article)

    def related_cards(self) -> list[str]:
        return []


class PreviewUnavailable(Exception):
    """The link was real but no longer shows anything: expired, or the story is out."""

    def __init__(self, article: Article | None = None):
        super().__init__()
        self.article = article


def share_link_max_age() -> timedelta:
    return timedelta(hours=settings.PREVIEW_LINK_HOURS)


def share_link_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + share_link_max_age()


def share_token(article: Article) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(article.pk))


def share_url(article: Article) -> str:
    return reverse("article_preview", kwargs={"token": share_token(article)})


def article_for_token(token: str) -> Article:
    """The unpublished story behind a share token; Http404 if forged, PreviewUnavailable if it ran out."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        pk = signer.unsign(token, max_age=share_link_max_age())
    except signing.SignatureExpired:
        raise PreviewUnavailable() from None
    except signing.BadSignature:
        raise Http404 from None
    article = Article.objects.filter(pk=pk).select_related("section", "source").first()
    if article is None:
        raise Http404
    if article.is_public() or article.is_withdrawn:
        raise PreviewUnavailable(article)
    return article


def render_preview(request, article: Article, *, shared: bool, language: str | None = None) -> HttpResponse:
    """The story as readers would see it, marked as a preview and kept out of search engines."""
    language = language or request.GET.get("language") or get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        loaded = selectors.article_get_for_preview(pk=article.pk, language=language)
        loaded.set_current_language(language)
        response = ArticlePreviewView.as_view(article=loaded, shared=shared)(request)
        return response.render()


def shared_preview_view(request, token: str):
    """The page behind a shared preview link (no account needed)."""
    try:
        article = article_for_token(token)
    except PreviewUnavailable as gone:
        public = gone.article if gone.article is not None and gone.article.is_public() else None
        response = TemplateResponse(request, "articles/preview_unavailable.html", {"article": public}, status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
    return render_preview(request, article, shared=True, language=get_language())
