"""Headlines as the newsroom types them: a section or site label pasted in front, and the slug.

Copy pasted from a partner's page often starts with the partner's section: "أخبار سوريا : …",
"اقتصاد | …", "خبر - …". The section is shown beside the headline on every page, so the label
is taken out of a typed headline as ingest takes it out of a feed's. Only a label the newsroom
knows (a section's name in any language, the site's name) or one that reads "<something>
news" is taken: "الوزير: …" is a quote and stays. Until a story is first published its slug
follows its headline; from then on the address is fixed (other spellings redirect to it).
"""

import re
from collections.abc import Iterable

from django.conf import settings

from articles.models import Article, ArticleEvent, Section
from sources.arabic import normalize_arabic

# "label : headline", "label | headline", "label / headline", "label - headline" (a dash with
# spaces around it: "ثنائي-اللغة" is one word).
_LABELLED = re.compile(r"^\s*(?P<label>[^:：|/«»\"]{2,60}?)\s*(?:[:：|/]|\s[-–—])\s*(?P<rest>\S.*)$", re.S)
_NEWS_LABEL = re.compile(r"^(?:اخبار|نبا|news)(?:\s|$)", re.IGNORECASE)


def known_labels() -> set[str]:
    """Every section's name in every language, and the site's name, normalized."""
    names = Section._parler_meta.root_model.objects.values_list("name", flat=True)
    return {normalize_arabic(name) for name in [*names, settings.SITE_NAME, settings.SITE_NAME_EN] if name and name.strip()}


def split_label(headline: str, labels: Iterable[str]) -> tuple[str, str]:
    """``headline`` without a known label in front, and the label taken out ("" when none was)."""
    match = _LABELLED.match(headline or "")
    if not match:
        return headline, ""
    label = match.group("label").strip()
    key = normalize_arabic(label)
    if key in labels or (_NEWS_LABEL.match(key) and len(key.split()) <= 4):
        return match.group("rest").strip(), label
    return headline, ""


def slug_is_fixed(article: Article) -> bool:
    """Whether the story's address is fixed: it has been published (or scheduled) at least once."""
    if article.pk is None:
        return False
    if article.published_at is not None:
        return True
    return ArticleEvent.objects.filter(article=article, kind__in=[ArticleEvent.Kind.PUBLISH, ArticleEvent.Kind.SCHEDULE]).exists()
