"""Headlines as the newsroom types them: a section or site label pasted in front, and the slug.

Copy pasted from a partner's page often starts with the partner's section: "أخبار سوريا : …",
"اقتصاد | …", "خبر - …", "رياضة / …", "محليات :: …", "تقارير – …". The section is shown beside the headline on every page, so the label
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

# "label : headline", "label :: headline", "label | headline", "label / headline", "label - headline",
# "label – headline" (a dash with a space on one side at least: "ثنائي-اللغة" is one word).
_LABELLED = re.compile(
    r"^\s*(?P<label>[^:：|/«»\"]{2,60}?)\s*(?:::|[:：|/]|\s[-–—]|[-–—]\s)\s*(?P<rest>\S.*)$", re.S
)
# Hashtags at the end of a headline ("… #سوريا #دمشق"), as social-media copy carries them.
_TRAILING_HASHTAGS = re.compile(r"(?:\s+#[^\W\d_][\w_]*)+\s*$")
_HASHTAG = re.compile(r"#([^\W\d_][\w_]*)")
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


def possible_label(headline: str) -> tuple[str, str]:
    """``headline`` split as if what stands before a separator were a label, known or not: (rest, label).

    ("", "") when there is no short label-like part. Only evidence makes it a label: ingest takes
    it out when the body's first line repeats the rest alone (the partner's page showed the
    headline without its section).
    """
    match = _LABELLED.match(headline or "")
    if not match or len(match.group("label").split()) > 4:
        return "", ""
    return match.group("rest").strip(), match.group("label").strip()


def split_hashtags(headline: str) -> tuple[str, list[str]]:
    """``headline`` without the hashtags at its end, and those hashtags' words ("#سوريا" → "سوريا").

    Only trailing ones go: a hashtag inside the sentence is part of it. A headline that is all
    hashtags is kept as it is.
    """
    match = _TRAILING_HASHTAGS.search(headline or "")
    if not match or not headline[: match.start()].strip():
        return headline or "", []
    return headline[: match.start()].rstrip(), _HASHTAG.findall(match.group())


def headline_from_text(text: str, limit: int = 120) -> str:
    """A headline for a story sent without one: its first line, cut on a word boundary within ``limit``."""
    line = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if not line[limit - 1].isspace():
        cut = cut.rsplit(None, 1)[0] if " " in cut.strip() else cut
    return f"{cut.rstrip(' ،,؛;:-–—')}…"


def slug_is_fixed(article: Article) -> bool:
    """Whether the story's address is fixed: it has been published (or scheduled) at least once."""
    if article.pk is None:
        return False
    if article.published_at is not None:
        return True
    return ArticleEvent.objects.filter(article=article, kind__in=[ArticleEvent.Kind.PUBLISH, ArticleEvent.Kind.SCHEDULE]).exists()
