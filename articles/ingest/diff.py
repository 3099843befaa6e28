"""The word diffs editors read: an ingested draft against the original it was made from."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models.sanitize import plain_text
from articles.newsroom.checks import draft_text


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
    title, body = draft_text(article, item.language)
    old = f"{item.title}\n\n{plain_text(item.body)}"
    new = f"{title}\n\n{plain_text(body)}"
    if old == new:
        return None
    return word_diff(old, new)
