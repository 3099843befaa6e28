"""What search engines and social networks are told about a story.

The canonical address and robots directives follow the source's search-engine policy
(``Source.search_policy``): the original outlet's address as canonical; or our own canonical
with ``noindex`` for news crawlers (and then no place in the news sitemap); or simply our own.
A story that came through a partner (``Article.via_source``) follows the partner's policy: the
address we took it from is the partner's copy, and the partner's agreement is what lets us carry it.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import Article
from articles.public.credits import credits_json_ld
from sources.models import Source
from sources.site import site_name
from sources.text import clean_text


@dataclass(frozen=True)
class SearchDirectives:
    canonical: str
    news_robots: str = ""


def article_search_directives(article: Article, *, own_url: str) -> SearchDirectives:
    """The canonical address and news-crawler directive for ``article`` (own_url is absolute)."""
    if article.is_republished and article.source_id:
        policy = (article.via_source if article.via_source_id else article.source).search_policy
        if policy == Source.SearchPolicy.CANONICAL_ORIGINAL and article.original_url:
            return SearchDirectives(canonical=article.original_url)
        if policy == Source.SearchPolicy.NOINDEX_NEWS:
            return SearchDirectives(canonical=own_url, news_robots="noindex")
    return SearchDirectives(canonical=own_url)


def _iso(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(article: Article, name: str, language: str, *, multiline: bool = False) -> str:
    """A field as it may be shown, whatever is stored (``sources.text.clean_text``)."""
    return clean_text(article.safe_translation_getter(name, language_code=language, default=""), multiline=multiline)


def article_description(article: Article, language: str) -> str:
    """A one-paragraph plain-text description: the summary, else the start of the body."""
    summary = _text(article, "summary", language, multiline=True).strip()
    if summary:
        return summary
    body = " ".join(strip_tags(_text(article, "body", language)).split())
    # The cut may part a direction control from its closer: balanced again.
    return clean_text(body[:200].rsplit(" ", 1)[0]) if len(body) > 200 else body


def article_share_title(article: Article, language: str) -> str:
    """The title search engines and social networks show: the one typed for them, else the headline."""
    return _text(article, "seo_title", language).strip() or _text(article, "title", language).strip()


def article_share_description(article: Article, language: str) -> str:
    """The description search engines and social networks show: the one typed for them, else
    ``article_description`` (the summary, else the start of the body)."""
    return _text(article, "seo_description", language).strip() or article_description(article, language)


def image_rights_json_ld(article: Article, language: str) -> dict:
    """The lead picture's credit and rights as schema.org ImageObject properties, where known."""
    rights = {}
    credit = clean_text(article.image_credit(language))
    if credit:
        rights["creditText"] = credit
    picture = article.picture if article.picture_id else None
    if picture is None:
        return rights
    if picture.creator:
        rights["creator"] = {"@type": "Person", "name": clean_text(picture.creator)}
    if picture.copyright_notice:
        rights["copyrightNotice"] = clean_text(picture.copyright_notice)
    if picture.licence_url:
        rights["license"] = picture.licence_url
    if picture.acquire_licence_url:
        rights["acquireLicensePage"] = picture.acquire_licence_url
    return rights


def news_article_json_ld(
    article: Article,
    *,
    language: str,
    url: str,
    image: dict | None,
    logo_url: str,
    share_image: dict | None = None,
    site_url: str,
    absolute=None,
) -> dict:
    """schema.org NewsArticle for a public story, with its origin when it is republished.

    Its contributors are Persons with their pages' addresses (``absolute`` makes a path one):
    writers and reporters as ``author``, the others as translator, editor or contributor.
    """
    publisher = {
        "@type": "NewsMediaOrganization",
        "name": site_name(language),
        "url": site_url,
        "logo": {"@type": "ImageObject", "url": logo_url},
    }
    byline = _text(article, "byline", language).strip()
    people = credits_json_ld(article.credits, language, absolute) if absolute else {}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": clean_text(_text(article, "title", language)[:110]),
        "description": article_share_description(article, language),
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(max(article.updated_at, article.published_at)),
        "inLanguage": language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "publisher": publisher,
        "author": people.pop("author", None) or ([{"@type": "Person", "name": byline}] if byline else [publisher]),
        **people,
        "keywords": [clean_text(tag.display_name(language)) for tag in article.tags.all()],
    }
    if article.section_id:
        data["articleSection"] = clean_text(article.section.display_name(language))
    images = [{"@type": "ImageObject", **image} for image in (image, share_image) if image]
    if image:
        images[0].update(image_rights_json_ld(article, language))
    if images:
        data["image"] = images
    if article.is_republished and article.source_id:
        origin = _origin_json_ld(article, data, language)
        if not byline and data["author"] == [publisher]:
            data["author"] = [origin]
    return data


def _origin_json_ld(article: Article, data: dict, language: str) -> dict:
    """A republished story's origin (``sourceOrganization``, ``copyrightHolder``) and the copy it is
    based on, added to ``data``; the origin is returned."""
    origin = {"@type": "Organization", "name": clean_text(article.source.reader_name(language))}
    if article.source.homepage_url:
        origin["url"] = article.source.homepage_url
    data["sourceOrganization"] = origin
    data["copyrightHolder"] = origin
    if article.via_source_id and article.via_source_id != article.source_id:
        # We took the origin's story from a partner's copy: that copy is what this is based on.
        partner = {"@type": "Organization", "name": clean_text(article.via_source.reader_name(language))}
        if article.via_source.homepage_url:
            partner["url"] = article.via_source.homepage_url
        copy = {"@type": "NewsArticle", "publisher": partner, "sourceOrganization": origin}
        if article.original_url:
            copy["url"] = article.original_url
        data["isBasedOn"] = copy
    elif article.original_url:
        data["isBasedOn"] = article.original_url
    return origin
