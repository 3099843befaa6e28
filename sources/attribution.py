"""Where a republished story came from, read from its own lines (shared helper, pure Python).

Arabic copy says where it was taken from in a few fixed places, and this reads them in order of
strength, the first that names an outlet winning:

1. a credit line among the last three or the first two lines: "المصدر: …", "نقلاً عن موقع …",
   "هذا المحتوى من …", "… تم كتابته بواسطة …", "نُشر أولاً في …" (at the start of the line, after
   a note marker such as "ملحوظة:", or in a short line of its own; deep inside a long paragraph
   "نقلاً عن" introduces a quotation, not the origin);
2. the headline's trailing credit ("… - الأيام", "… | عدن الغد"), kept when copies keep the
   origin's page title;
3. the dateline: "صنعاء (سبأ) -", "القاهرة - أ ش أ:", "(أ ش أ) -" at the start of the first line
   (or the story's dateline field);
4. an agency tag closing the text: "(أ ش أ)" alone or at the end of the last line.

The agencies the text cites (``Registry.cited``) complete the chain: this site <- the partner
whose feed carried it <- the origin <- the agencies. The partner and the origin are not counted
among the cited.
"""

import re
from dataclasses import dataclass, field

from .names import _DESCRIPTOR, _QUOTES, Mention, Registry, fold

# Cues that open a credit; the outlet's name must follow them directly.
_CREDIT = re.compile(
    r"(?<!\w)(?:(?:المصدر|مصدر الخبر|مصدر الماده)\s*[:\-–]"
    r"|نقلا (?:عن|من)|منقوله? (?:عن|من)"
    r"|(?:هذا|هذه) (?:المحتوي|الخبر|الماده|المقال|التقرير)(?: (?:منقوله?|منشوره?|نشر(?:ت)?(?: اولا)?))? (?:من|عن|في|علي|لدي)"
    r"|بواسطه|كما هو (?:من|عن)"
    r"|(?:نشر|نشرت)(?: (?:هذا|هذه) (?:الخبر|الماده|المقال|التقرير))? (?:اولا|في الاصل|اصلا) (?:في|علي|لدي)"
    r")(?!\w)"
)
_NOTE = re.compile(r"^[\s*\-–(]*(?:ملحوظه|ملاحظه|تنويه|تنبيه|ملاحظه هامه)\s*[:\-–]")
_BETWEEN = re.compile(rf"[\s:\-–{_QUOTES[1:-1]}]*(?:[وفبلك]?{_DESCRIPTOR}(?: ال?انباء)?)?[\s:\-–{_QUOTES[1:-1]}]*")
SHORT_LINE_WORDS = 12


class Cue:
    """Where the evidence was found (stored values, never shown as they are)."""

    CREDIT = "credit"
    HEADLINE = "headline"
    DATELINE = "dateline"
    TAG = "tag"


@dataclass(frozen=True)
class Reading:
    """What the text says about its origin: the source (or the name as written), the line, and the cited."""

    origin: int | str | None = None
    origin_text: str = ""
    evidence: str = ""
    cue: str = ""
    cited: list = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.evidence)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def read_attribution(
    registry: Registry, *, title: str, text: str, dateline: str = "", partner: int | str | None = None
) -> Reading:
    """The origin ``text`` names for itself and the agencies it cites (``partner`` carried it to us)."""
    lines = _lines(text)
    found = _first_found(registry, title=title, lines=lines, dateline=dateline)
    origin, origin_text, evidence, cue = found or (None, "", "", "")
    cited = registry.cited("\n".join([title, dateline, *lines]), exclude={partner, origin} - {None})
    return Reading(origin=origin, origin_text=origin_text, evidence=evidence, cue=cue, cited=cited)


def _first_found(registry: Registry, *, title: str, lines: list[str], dateline: str):
    tail = list(reversed(lines[-3:]))
    head = [line for line in lines[:2] if line not in tail]
    for line in tail + head:
        found = _credit(registry, line)
        if found:
            return (*found, line, Cue.CREDIT)
    origin = _headline_credit(registry, title)
    if origin is not None:
        return origin, "", title, Cue.HEADLINE
    for line in ([dateline] if dateline else []) + lines[:1]:
        origin = _dateline(registry, line)
        if origin is not None:
            return origin, "", line, Cue.DATELINE
    if lines:
        origin = _closing_tag(registry, lines[-1])
        if origin is not None:
            return origin, "", lines[-1], Cue.TAG
    return None


def _credit(registry: Registry, line: str) -> tuple | None:
    """(source id or None, name as written) of the outlet a credit in ``line`` names."""
    folded = fold(line)
    note = _NOTE.match(folded)
    mentions = registry.line_mentions(line)
    for match in _CREDIT.finditer(folded):
        opens = match.start() <= 2 or (note is not None and match.start() <= note.end() + 2)
        if not (opens or note or len(folded.split()) <= SHORT_LINE_WORDS):
            continue
        for mention in mentions:
            if mention.start >= match.end() and _BETWEEN.fullmatch(_before_name(folded, mention)[match.end() :]):
                return mention.source_id, ""
        named = re.match(r"[\s:\-–]*([^.,،:;(\n]+)", folded[match.end() :])
        if opens and named and named.group(1).strip():
            return None, _as_written(line, folded, match.end() + named.start(1), named.group(1).split()[:5])
    return None


def _as_written(line: str, folded: str, start: int, words: list[str]) -> str:
    """The words of ``folded`` from ``start`` as the line writes them (when folding kept the word count)."""
    written, kept = line.split(), folded.split()
    if len(written) != len(kept):
        return " ".join(words)
    first = len(folded[:start].split())
    return " ".join(written[first : first + len(words)]).strip("«»\"“”'")


def _before_name(folded: str, mention: Mention) -> str:
    """The line up to the name, less the proclitic attached to it."""
    before = folded[: mention.start]
    return re.sub(r"(?<=\s)[وفبلك]{1,2}$", "", before) if before[-1:] not in " :-–" else before


def _headline_credit(registry: Registry, title: str):
    folded = fold(title).rstrip(" .)")
    for mention in registry.line_mentions(title):
        if mention.end >= len(folded) and re.search(
            rf"[-|–—/]\s*(?:{_DESCRIPTOR}\s*)?{_QUOTES}?\s*[وفبلك]?$", folded[: mention.start]
        ):
            return mention.source_id
    return None


def _dateline(registry: Registry, line: str):
    """An outlet closing the place at the head of a line: "صنعاء (سبا) -", "القاهره - اشا:", "(اشا) -"."""
    folded = fold(line)
    for mention in registry.line_mentions(line):
        before, after = folded[: mention.start], folded[mention.end :]
        words = len(re.findall(r"\w+", before))
        if words > 4:
            break
        if mention.bracketed and re.match(r"\s*[)\]]\s*[-–—:/]", after):
            return mention.source_id
        # The name may be quoted: "بيروت - «الشرق الأوسط»:".
        if re.match(rf"\s*{_QUOTES}?\s*[:\-–—/]", after) and (
            words == 0 or re.search(rf"[-–—/]\s*{_QUOTES}?\s*$", before)
        ):
            return mention.source_id
        if not line.endswith(")") and re.search(r"^\S+(?: \S+){0,2}\s*[-–—/]\s*$", before) and after.strip() == "":
            return mention.source_id
    return None


def _closing_tag(registry: Registry, line: str):
    """An agency tag that ends the text: "(اشا)" at the end of the last line, or the line alone."""
    folded = fold(line).rstrip(" .")
    mentions = registry.line_mentions(line)
    if not mentions:
        return None
    last = mentions[-1]
    if last.bracketed and re.fullmatch(r"\s*[)\]]", folded[last.end :]):
        return last.source_id
    if len(folded.split()) <= 4 and folded[last.end :].strip(" )]") == "":
        return last.source_id
    return None
