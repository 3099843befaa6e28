"""Outlets and agencies named in Arabic news copy, and whether the copy cites them (shared helper).

Matching runs on ``normalize_arabic`` output folded once more, on both the text and the names:

- acronyms: single letters apart by spaces or dots ("أ ش أ", "أ.ش.أ") and short syllables apart by
  dots ("بي.بي.سي") are joined ("اشا", "بيبيسي"); a name written in short syllables ("بي بي سي")
  is also looked for joined;
- a small transliteration fold (غ/ج, ق/ك, ڤ/ف, پ/ب, "فرنسا"/"فرانس") for names marked as
  transliterated (foreign names: "الغارديان" = "الجارديان"); Arabic names are never folded, so
  "قنا" does not meet "كنا" nor "الجزيرة" "الغزيرة";
- descriptors ("وكالة", "قناة", "صحيفة", "موقع" …) are optional before any name;
- where two names overlap, the longest wins ("سكاي نيوز عربية" over "عربية");
- a name marked "needs a cue" (a common word: "العربية", "الأيام", "الشرق الأوسط") counts only
  after a descriptor, in brackets, or next to an attribution cue (نقلاً عن، بحسب، ذكرت …);
- a mention whose nearest preceding marker says the outlet is the story's subject (its owner,
  its office, its closure: "المالكة لقناة …", "إغلاق مكتب قناة …") is not a citation.

Pure Python over an in-memory ``Registry``: ingest builds one from the database
(``Registry.from_db``), the attribution report from its fixture.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .arabic import normalize_arabic

# ---- Folding ----

_LETTER = r"[^\W\d_]"
# Short syllables joined by dots: "بي.بي.سي", "ا.ش.ا", "U.S.".
_DOTTED = re.compile(rf"(?<![^\W_]){_LETTER}{{1,3}}(?:\s?\.\s?{_LETTER}{{1,3}})+\.?(?![^\W_])")
# Single letters apart by spaces: "ا ف ب", "ق ن ا".
_SPACED = re.compile(rf"(?<![^\W_]){_LETTER}(?:\s+{_LETTER})+(?![^\W_])")
_TRANSLIT_LETTERS = str.maketrans({"غ": "ج", "ق": "ك", "ڤ": "ف", "پ": "ب", "چ": "ج", "گ": "ك"})
# Whole-word spellings of one foreign name; each pair has the same length, so positions agree.
_TRANSLIT_WORDS = {"فرنسا": "فرانس"}
_WORD = re.compile(r"\w+")
_VOWELS = "اوي"


def fold(text: str) -> str:
    """``normalize_arabic`` with acronyms joined: the form names and text are compared in."""
    text = normalize_arabic(text)
    text = _DOTTED.sub(lambda m: re.sub(r"[\s.]", "", m.group()), text)
    return _SPACED.sub(lambda m: m.group().replace(" ", ""), text)


def translit(folded: str) -> str:
    """The transliteration fold of already folded text; same length, so spans carry over."""
    folded = folded.translate(_TRANSLIT_LETTERS)
    return _WORD.sub(lambda m: _TRANSLIT_WORDS.get(m.group(), m.group()), folded)


# ---- Descriptors, cues and subject markers (normalized spellings) ----

DESCRIPTORS = (
    "وكاله", "قناه", "فضائيه", "تلفزيون", "اذاعه", "راديو", "صحيفه", "جريده", "مجله", "موقع", "شبكه", "منصه",
)
_DESCRIPTOR = "(?:" + "|".join(DESCRIPTORS) + ")"
_QUOTES = "[\"'«»“”‘’]"
# Arabic writes conjunctions and prepositions onto the next word: "لوكالة", "وفرانس", "للوكالة".
_PROCLITICS = "(?:[وف]?[بلك]?)"

# Words that, nearest before a name, say the text reports what the outlet says.
CUE_WORDS = frozenset(
    normalize_arabic(word)
    for word in """نقلا نقلت نقل ينقل تنقل نقلته بحسب حسب حسبما وفق وفقا طبقا ذكرت ذكر يذكر تذكر افادت افاد قالت قال
    اوردت اورد نشرت نشر كشفت كشف اوضحت اكدت اكد اشارت اعلنت اعلن المصدر مصدر تقرير تقارير
    نشرته ذكرته اوردته بثته لموقع لقناه لوكاله لصحيفه تصريحات تصريح حديث مقابله بيان""".split()
)
# Words that make the outlet the subject of the story, not its source: actions done to or by it,
# looked for as the nearest marker before the name ("إغلاق مكتب قناة …", "استحواذ على صحيفة …").
SUBJECT_WORDS = frozenset(
    normalize_arabic(word)
    for word in """يملك تملك يملكها تملكها التابعه استحواذ الاستحواذ شراء بيع صفقه اغلاق اغلقت حظر حجب ايقاف وقف
    اعتقال اعتقلت استهداف اقتحام مقاطعه تاسيس انطلاق اطلاق اطلقت تنافس ينافس منافس منافسه يعمل يعملون تعمل
    لصالح صحفيين صحفيون موظفين موظفو العاملين""".split()
)
# Heads of a construct with the name ("مكتب قناة …", "مدير قناة …", "المالكة لقناة …"): a subject
# only right before it; further back they belong to someone else ("قال مدير الميناء لرويترز").
SUBJECT_HEADS = frozenset(
    normalize_arabic(word)
    for word in """مالك المالك مالكه المالكه مالكو مالكي ملاك ملكيه اسهم مكتب مكاتب مقر ترخيص موظفي صحفيي مراسلي اداره مدير رئيس""".split()
)
# Small words that may stand between a cue and the name it introduces ("نقلا عن", "قال مراسل").
GLUE_WORDS = frozenset("عن من في مع لما ما الي له لها ان انه مراسل مراسله مراسلو تقرير".split())
# How far back (in words) a cue or subject marker is looked for, inside the sentence.
CUE_WINDOW = 5
_SENTENCE_END = re.compile(r"[.!?؟\n]")


@dataclass(frozen=True)
class Name:
    """One registry spelling of a source, with its flags (``SourceAlias``)."""

    source_id: int | str
    alias: str
    kind: str = "outlet"
    needs_cue: bool = False
    transliterated: bool = False


@dataclass(frozen=True)
class Mention:
    """A name found in folded text: where, whose, and how it is introduced."""

    source_id: int | str
    start: int
    end: int
    descriptor: bool
    bracketed: bool
    cued: bool
    subject: bool
    needs_cue: bool

    @property
    def cited(self) -> bool:
        if self.subject:
            return False
        return not self.needs_cue or self.descriptor or self.bracketed or self.cued


@dataclass
class _Form:
    name: Name
    core: str
    pattern: re.Pattern
    needs_cue: bool
    # What a line must contain for the name to be there ("ال" left out: "لل…" spells it too).
    needle: str = field(init=False)

    def __post_init__(self) -> None:
        self.needle = self.core[2:] if self.core.startswith("ال") else self.core


def _core(folded_alias: str) -> str:
    """The name without a leading descriptor ("وكاله الصحافه الفرنسيه" -> "الصحافه الفرنسيه")."""
    words = folded_alias.split(" ", 1)
    if len(words) == 2 and words[0] in DESCRIPTORS:
        return words[1].strip(" \"'«»“”")
    return folded_alias


def _forms_of(name: Name) -> set[str]:
    core = _core(fold(name.alias))
    forms = {core} if core else set()
    words = core.split()
    if len(words) > 1 and all(len(w) <= 3 for w in words):
        forms.add("".join(words))  # "بي بي سي" is also written "بي.بي.سي"
    if name.transliterated:
        forms |= {translit(form) for form in forms}
    return {form for form in forms if len(form) >= 2}


def _loose(word: str) -> str:
    """A transliterated word whose inner long vowels may be written or left out ("بلومبرج" = "بلومبيرج")."""
    if len(word) < 4:
        return re.escape(word)
    inner = "".join("" if ch in _VOWELS else re.escape(ch) + "[اوي]*" for ch in word[1:-1])
    return re.escape(word[0]) + "[اوي]*" + inner + re.escape(word[-1])


# Compiled once per name: a registry is rebuilt for every story checked, its patterns are not.
@lru_cache(maxsize=8192)
def _pattern(core: str, *, loose_vowels: bool = False) -> re.Pattern:
    if loose_vowels:
        body = " ".join(_loose(word) for word in core.split(" "))
    else:
        body = re.escape(core)
    if core.startswith("ال") and len(core) > 2 and not loose_vowels:
        body = f"(?:{body}|لل{re.escape(core[2:])})"
    descriptor = rf"(?P<d>{_DESCRIPTOR}(?: ال?انباء)?\s*{_QUOTES}?\s*)"
    return re.compile(rf"(?<!\w){_PROCLITICS}(?:{descriptor}|(?P<q>{_QUOTES}\s*))?(?P<n>{body})(?!\w)")


class Registry:
    """Every name of every known source, compiled once, matched against text in memory."""

    def __init__(self, names: Iterable[Name]):
        self.names = list(names)
        self.kinds: dict = {}
        self._plain: list[_Form] = []
        self._translit: list[_Form] = []
        # A name is common wherever it is written: "الأيام" needs a cue even when it comes from
        # the alias "صحيفة الأيام" whose descriptor made the alias itself unambiguous.
        common = {form for name in self.names if name.needs_cue for form in _forms_of(name)}
        for name in self.names:
            self.kinds.setdefault(name.source_id, name.kind)
            for form in _forms_of(name):
                target = self._translit if name.transliterated else self._plain
                pattern = _pattern(form, loose_vowels=name.transliterated)
                target.append(_Form(name=name, core=form, pattern=pattern, needs_cue=name.needs_cue or form in common))

        self._needles = {form.needle for form in self._plain}
        self._finder = _finder(self._needles - {""})

    @classmethod
    def from_db(cls) -> "Registry":
        from .models import SourceAlias

        rows = SourceAlias.objects.values_list(
            "source_id", "name", "source__kind", "needs_cue", "transliterated"
        )
        return cls(Name(*row) for row in rows)

    def mentions(self, text: str) -> list[Mention]:
        """Every name in ``text``, line by line, longest first where names overlap, in text order."""
        lines = [fold(line) for line in (text or "").splitlines()]
        forms = self._candidates("\n".join(lines))
        return [mention for folded in lines for mention in self._folded_mentions(folded, forms)]

    def line_mentions(self, line: str) -> list[Mention]:
        """``mentions`` of one line (offsets are in its folded form)."""
        folded = fold(line)
        return self._folded_mentions(folded, self._candidates(folded))

    def _candidates(self, folded: str) -> list[_Form]:
        """The plain forms whose needle ``folded`` contains, in registry order: one scan of the text
        for all names at once, instead of a search of every line for every name."""
        present = {""} & self._needles
        for match in self._finder.finditer(folded):
            # The longest needle starting here; the shorter ones starting here are its prefixes.
            found = match.group(1)
            present.update(found[:end] for end in range(1, len(found) + 1) if found[:end] in self._needles)
        return [form for form in self._plain if form.needle in present] if present else []

    def _folded_mentions(self, folded: str, candidates: list[_Form]) -> list[Mention]:
        if not folded:
            return []
        found = []
        for forms, haystack in ((candidates, folded), (self._translit, translit(folded) if self._translit else "")):
            for form in forms:
                if not form.name.transliterated and form.needle not in haystack:
                    continue
                for match in form.pattern.finditer(haystack):
                    found.append((match, form))
        mentions: list[Mention] = []
        for match, form in _longest(found):
            mention = _mention(folded, match, form)
            if mentions and _coordinated(folded, mentions[-1], match):
                # "قناة الجزيرة وقناة العربية": a name joined by "و" to the one before shares its role.
                mention = replace(mention, subject=mentions[-1].subject, cued=mention.cued or mentions[-1].cued)
            mentions.append(mention)
        return mentions

    def cited(self, text: str, *, exclude: Iterable = ()) -> list:
        """The ids of the sources ``text`` cites (not only names), in order of first citation."""
        skip = set(exclude)
        ids: list = []
        for mention in self.mentions(text):
            if mention.cited and mention.source_id not in skip and mention.source_id not in ids:
                ids.append(mention.source_id)
        return ids


def _finder(needles: set[str]) -> re.Pattern:
    """A pattern that finds, at every position of a text, the longest of ``needles`` starting
    there (a trie of them, so the text is scanned once whatever the number of names)."""
    trie: dict = {}
    for needle in needles:
        node = trie
        for char in needle:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(f"(?=({branch(trie)}))") if needles else re.compile(r"(?!)")


def _longest(found: list) -> list:
    """Of overlapping matches, the longest name (then one with a descriptor) wins."""
    found.sort(key=lambda pair: (-(pair[0].end("n") - pair[0].start("n")), pair[0].group("d") is None))
    kept: list = []
    taken: list[tuple[int, int]] = []
    for match, name in found:
        span = match.span("n")
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        taken.append(span)
        kept.append((match, name))
    return sorted(kept, key=lambda pair: pair[0].start("n"))


def _mention(folded: str, match: re.Match, form: _Form) -> Mention:
    start, end = match.span("n")
    before = folded[: match.start()]
    after = folded[end:]
    bracketed = bool(re.search(r"[(\[]\s*$", before) and re.match(r"\s*[)\]]", after))
    marker = _nearest_marker(before)
    return Mention(
        source_id=form.name.source_id,
        start=start,
        end=end,
        descriptor=match.group("d") is not None,
        bracketed=bracketed,
        cued=_adjacent_cue(before) or _after_credit_or_dateline(before, after),
        subject=marker == "subject",
        needs_cue=form.needs_cue,
    )


def _nearest_marker(before: str) -> str:
    """"cue" or "subject": the nearest such word within the sentence before a name; else ""."""
    sentence = _SENTENCE_END.split(before)[-1]
    words = re.findall(r"\w+", sentence)[-CUE_WINDOW:]
    if words and words[-1] in SUBJECT_HEADS:
        return "subject"
    for word in reversed(words):
        for form in (word, word[1:] if word[:1] in "وف" else word):
            if form in CUE_WORDS:
                return "cue"
            if form in SUBJECT_WORDS:
                return "subject"
    return ""


def _coordinated(folded: str, previous: Mention, match: re.Match) -> bool:
    joined = match.start() < match.start("n") and folded[match.start()] == "و"
    return joined and not folded[previous.end : match.start()].strip(" ،,")


def _adjacent_cue(before: str) -> bool:
    """Whether a cue word introduces the name, with at most two small words between them."""
    words = re.findall(r"\w+", _SENTENCE_END.split(before)[-1])[-3:]
    for word in reversed(words):
        bare = word[1:] if word[:1] in "وف" and len(word) > 3 else word
        if word in CUE_WORDS or bare in CUE_WORDS:
            return True
        if word not in GLUE_WORDS:
            return False
    return False


def _after_credit_or_dateline(before: str, after: str) -> bool:
    """A name that opens a line's credit ("المصدر: …") or closes a dateline ("صنعاء - سبا:")."""
    if re.search(r"[:\-–—]\s*$", before) and len(before.split()) <= 4:
        return True
    return bool(re.match(r"\s*[:\-–—]", after)) and len(before.split()) <= 3

