"""A story's page parts (``page_parts.StoryView``): its head tags and its body, rendered for an origin.

The reader's view renders them for the address it was asked at; the stored renderings
(``articles.public.stored``) render them once for ``stored.ORIGIN`` and put the reader's origin in
when they are read. Nothing here reads the request, so both give the same bytes.
"""

from urllib.parse import urljoin, urlsplit

from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language

from articles.public import live, page_parts
from articles.public.credits import credit_lines
from articles.public.links import article_path, article_short_path, page_path
from articles.public.renditions import renditions_for
from articles.public.seo import (
    article_search_directives,
    article_share_description,
    article_share_title,
    news_article_json_ld,
)

UPDATE_NOTICE_MINUTES = 10


def absolute(origin: str, location: str) -> str:
    """``location`` made absolute on ``origin`` (``scheme://host``), as ``HttpRequest.build_absolute_uri`` does."""
    bits = urlsplit(location)
    if bits.scheme and bits.netloc:
        return iri_to_uri(location)
    if location.startswith("/") and not location.startswith("//"):
        return iri_to_uri(origin + location)
    return iri_to_uri(urljoin(origin + "/", location))


class StoryRenderer:
    """Renders one story's page parts in the active language, with addresses on ``origin``.

    ``path``: the address asked for, used when the story has no address in the active language
    (a preview). ``discovery``: with JSON-LD (previews leave it out).
    """

    def __init__(self, origin: str, *, path: str = "", discovery: bool = True):
        self.origin = origin
        self.path = path
        self.discovery = discovery

    def absolute(self, location: str) -> str:
        return absolute(self.origin, location)

    def render(self, article) -> page_parts.StoryView:
        """The story's page parts, rendered from the loaded ``article``."""
        language = get_language()
        page_parts.with_parents([article])
        paths = {code: article_path(article, code) for code in article.get_available_languages()}
        own_path = paths.get(language, self.path)
        own_url = self.absolute(own_path)
        context = self.context(article, language=language, own_url=own_url, paths=paths)
        coverage = live.coverage_of(article)
        if coverage is not None:
            live_page = live.live_page(coverage)
            context["live_html"] = live.render_live(live_page, own_path)
            if context.get("json_ld"):
                live.live_json_ld(context["json_ld"], live_page, own_url)
        return page_parts.StoryView(
            found=True,
            paths=paths,
            title=context["share_title"],
            description=context["description"],
            canonical_url=context["directives"].canonical,
            head=get_template("articles/includes/story_head.html").render(context),
            main=get_template("articles/includes/story.html").render(context),
            live_feed=live.live_feed_path(own_path) if coverage is not None else "",
            section_id=article.section_id,
            tag_ids=tuple(tag.pk for tag in article.tags.all()),
        )

    def context(self, article, *, language: str, own_url: str, paths: dict) -> dict:
        images = renditions_for(article.lead_image, article.lead_image_width, article.lead_image_height)
        image = self.image_for_sharing(images)
        share_image = self.image_for_sharing(
            renditions_for(article.share_image, article.share_image_width, article.share_image_height)
        )
        updated = article.published_at and (article.updated_at - article.published_at).total_seconds() > UPDATE_NOTICE_MINUTES * 60
        return {
            "article": article,
            "images": images,
            # Social networks show the share image, else the lead image.
            "og_image": share_image or image,
            "og_image_is_lead": share_image is None,
            "share_title": article_share_title(article, language),
            "description": article_share_description(article, language),
            "directives": article_search_directives(article, own_url=own_url),
            "own_url": own_url,
            "other_languages": [code for code in paths if code != language],
            "share_url": self.absolute(article_short_path(article, language)),
            "disclaimer": article.render_disclaimer(language),
            "corrections": article.reader_corrections,
            "credit_lines": credit_lines(article.credits, language),
            # Saving a story just after publishing it is not an update readers need to hear about.
            "updated_at": article.updated_at if updated else None,
            "json_ld": self.json_ld(article, language=language, own_url=own_url, image=image, share_image=share_image),
        }

    def json_ld(self, article, *, language: str, own_url: str, image: dict | None, share_image: dict | None) -> dict | None:
        if not self.discovery:
            return None
        return news_article_json_ld(
            article,
            language=language,
            url=own_url,
            image=image,
            share_image=share_image,
            logo_url=self.absolute(static("khabar/logo.png")),
            site_url=self.absolute(page_path(language, "articles:home")),
            absolute=self.absolute,
        )

    def image_for_sharing(self, images) -> dict | None:
        """The largest JPEG rendition of ``images`` (a ``RenditionSet`` or None) as meta tags and JSON-LD name it."""
        if not images:
            return None
        return {"url": self.absolute(images.fallback.url), "width": images.fallback.width, "height": images.fallback.height}
