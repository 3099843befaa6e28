"""Publication checks for ingested drafts, and the word diffs editors read.

``articles.services.publication_problems`` calls ``ingest_problems``: a source whose terms
allow publishing only as-is refuses any change to the words of the story. Whitespace and
punctuation may change (a misplaced comma, a doubled space); anything else is an edit.
"""

import difflib
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from articles.models.sanitize import plain_text
from sources.models import Source


def comparable_words(title: str, body_html: str) -> list[str]:
    """The words of a story with whitespace and punctuation removed, as compared for as-is terms."""
    text = f"{title} {plain_text(body_html)}"
    kept = "".join(" " if unicodedata.category(ch)[0] in {"P", "Z"} or ch.isspace() else ch for ch in text)
    return kept.split()


def _draft_text(article, language: str) -> tuple[str, str]:
    if not article.has_translation(language):
        return "", ""
    title = article.safe_translation_getter("title", language_code=language) or ""
    body = article.safe_translation_getter("body", language_code=language) or ""
    return title, body


def changed_beyond_punctuation(article) -> bool:
    item = getattr(article, "ingested", None)
    if item is None:
        return False
    title, body = _draft_text(article, item.language)
    return comparable_words(title, body) != comparable_words(item.title, item.body)


def ingest_problems(article) -> list[str]:
    """Why an ingested draft may not be published: as-is terms broken by an edit to its words."""
    # A missing reverse one-to-one raises an AttributeError subclass, hence getattr.
    if getattr(article, "ingested", None) is None:
        return []
    source = article.source if article.source_id else None
    if source is None or source.terms_edits != Source.Edits.AS_IS:
        return []
    if not changed_beyond_punctuation(article):
        return []
    return [
        gettext(
            "The terms of %(source)s allow republishing only as it is, and the words of this story were changed "
            "(not only spacing or punctuation). Undo the changes shown under “Ingested original”, or choose another story."
        )
        % {"source": source}
    ]


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` word by word, removed words in <del>, added ones in <ins> (escaped)."""
    before, after = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def draft_diff(article) -> SafeString | None:
    """How the draft's headline and text differ from the cleaned original; None if they do not."""
    item = getattr(article, "ingested", None)
    if item is None:
        return None
    title, body = _draft_text(article, item.language)
    old = f"{item.title}\n\n{plain_text(item.body)}"
    new = f"{title}\n\n{plain_text(body)}"
    if old == new:
        return None
    return word_diff(old, new)
