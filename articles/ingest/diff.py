"""What editors compare: an ingested draft against the original it was made from (word by word),
and the original as received against what the cleaner kept (line by line)."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.ingest.clean import body_lines
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


# What each reason a line was removed for is called (see ingest.debris.LineJudge).
REMOVAL_REASONS = {
    "glyphs": _("lone symbols (×, bullets, arrows)"),
    "share": _("share buttons"),
    "read_also": _("“read also” links"),
    "date": _("a lone date, time or number"),
    "headline": _("the headline repeated"),
    "repeated": _("a paragraph seen earlier"),
    "end_mark": _("the wire copy's end mark"),
    "": _("removed before reasons were kept"),
}


def removal_reason(code: str, note: str = "") -> str:
    """The reason a line was removed, in the reader's language (a rule by its note, else its text)."""
    if code.startswith("rule:"):
        return gettext("debris rule “%(rule)s”") % {"rule": note or code.removeprefix("rule:")}
    return str(REMOVAL_REASONS.get(code, code))


def cleaning_rows(item) -> list[dict]:
    """The item's body as received, line by line, beside what the cleaner kept of each line, or why it went."""
    received, cleaned = body_lines(item.raw_body), body_lines(item.body)
    reasons: dict[str, list[dict]] = {}
    for entry in item.removed_lines or []:
        reasons.setdefault(entry.get("text", ""), []).append(entry)
    rows = []
    matcher = difflib.SequenceMatcher(a=received, b=cleaned, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [{"received": line, "cleaned": line} for line in received[a1:a2]]
            continue
        for line in received[a1:a2]:
            if reasons.get(line):
                entry = reasons[line].pop(0)
                rows.append({"received": line, "removed": removal_reason(entry["reason"], entry.get("note", ""))})
            elif b1 < b2:
                # Kept, with debris cut from its edge (a close button, the end mark).
                rows.append({"received": line, "cleaned": cleaned[b1], "trimmed": word_diff(line, cleaned[b1])})
                b1 += 1
            else:
                rows.append({"received": line, "removed": removal_reason("")})
    return rows
