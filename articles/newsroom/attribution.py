"""Where a republished story came from: the origin its own lines name, proposed to an editor who
confirms or dismisses it.

How the chain is modelled: ``Article.source`` is the **origin**, the outlet that wrote the story;
everything readers and crawlers are told follows it (JSON-LD ``sourceOrganization`` and
``copyrightHolder``, the feeds' ``<source>``, the disclaimer, the search-engine policy).
``Article.via_source`` is the **partner** whose feed carried it to us, kept only when it is not
the origin (JSON-LD ``isBasedOn`` names it as the publisher of the copy we took; the feeds say
"via"). ``cited_sources`` are the agencies the origin cites. So the chain reads: this site <-
``via_source`` <- ``source`` <- ``cited_sources``. A draft starts with the partner as its source
(ingest knows no better); confirming the text's origin moves the partner to ``via_source``.
Publication checks the terms of both: the partner's agreement is what lets us republish.
"""

import html
import re
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from articles.models import Article, AttributionDecision
from articles.newsroom.permissions import can_edit_everything
from articles.newsroom.revisions import add_article_to_revision
from sources.attribution import Reading, read_attribution
from sources.models import Source
from sources.names import Registry

_BLOCK_END = re.compile(r"<(?:br|/p|/h[2-6]|/li|/blockquote|/div)[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Proposal:
    """The origin the story's lines name, the partner that carried it, and the agencies it cites."""

    reading: Reading
    origin: Source | None
    partner: Source | None
    cited: list[Source]

    @property
    def names_other_origin(self) -> bool:
        """The text names a known outlet other than the partner as where the story came from."""
        return self.origin is not None and (self.partner is None or self.origin.pk != self.partner.pk)


def body_lines(body_html: str) -> str:
    """The body's text one paragraph a line, as the attribution reader reads it."""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", body_html or "")))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def attribution_proposal(article: Article, *, registry: Registry | None = None) -> Proposal | None:
    """What a republished story's text says about its origin (None for original reporting)."""
    if not article.is_republished:
        return None
    language = settings.PARLER_DEFAULT_LANGUAGE_CODE
    if not article.has_translation(language):
        return None

    def field(name: str) -> str:
        return article.safe_translation_getter(name, language_code=language) or ""

    partner = article.via_source if article.via_source_id else article.source if article.source_id else None
    reading = read_attribution(
        registry or Registry.from_db(),
        title=field("title"),
        text=body_lines(field("body")),
        dateline=field("dateline"),
        partner=partner.pk if partner else None,
    )
    wanted = {pk for pk in [reading.origin, *reading.cited] if isinstance(pk, int)}
    found = Source.objects.prefetch_related("translations").in_bulk(wanted)
    return Proposal(
        reading=reading,
        origin=found.get(reading.origin) if reading.origin is not None else None,
        partner=partner,
        cited=[found[pk] for pk in reading.cited if pk in found],
    )


def attribution_pending(article: Article) -> Proposal | None:
    """A proposal naming another origin than the story's source, which no editor has decided on yet."""
    if not article.is_republished or AttributionDecision.objects.filter(article=article).exists():
        return None
    proposal = attribution_proposal(article)
    if proposal is None or not proposal.names_other_origin or proposal.origin.pk == article.source_id:
        return None
    return proposal


def _locked_draft(article: Article, by) -> Article:
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if by is not None and not can_edit_everything(by, locked):
        raise PermissionDenied(gettext("You are not allowed to do this to this story."))
    if locked.status == Article.Status.PUBLISHED:
        raise ValidationError(gettext("The origin of a published story cannot be changed here; withdraw it first."))
    return locked


@transaction.atomic
def attribution_confirm(*, article: Article, by, origin: Source | None = None) -> Article:
    """Make the origin the text names (or ``origin``) the story's source; the partner becomes "via"."""
    locked = _locked_draft(article, by)
    proposal = attribution_proposal(locked)
    origin = origin or (proposal.origin if proposal else None)
    if origin is None:
        raise ValidationError(gettext("The text names no known outlet as its origin: choose the source yourself."))
    partner = proposal.partner if proposal else None
    locked.source = origin
    locked.via_source = partner if partner is not None and partner.pk != origin.pk else None
    locked.version += 1
    locked.updated_by = by
    locked.save(update_fields=["source", "via_source", "version", "updated_by", "updated_at"])
    cited = {source.pk for source in proposal.cited} if proposal else set()
    cited |= set(locked.cited_sources.values_list("pk", flat=True))
    locked.cited_sources.set(cited - {origin.pk, getattr(partner, "pk", None)})
    _decide(locked, AttributionDecision.Decision.CONFIRMED, origin, proposal, by)
    return locked


@transaction.atomic
def attribution_dismiss(*, article: Article, by) -> Article:
    """Keep the story's source as it is: the origin the text names is not taken."""
    locked = _locked_draft(article, by)
    proposal = attribution_proposal(locked)
    _decide(locked, AttributionDecision.Decision.DISMISSED, proposal.origin if proposal else None, proposal, by)
    return locked


def _decide(article: Article, decision: str, origin: Source | None, proposal: Proposal | None, by) -> None:
    AttributionDecision.objects.update_or_create(
        article=article,
        defaults={
            "decision": decision,
            "origin": origin,
            "evidence": proposal.reading.evidence if proposal else "",
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    with reversion.create_revision():
        add_article_to_revision(article)
        reversion.set_user(by)
        reversion.set_comment(AttributionDecision.Decision(decision).label)


def attribution_problems(article: Article) -> list[str]:
    """Why a republished story may not go out yet on attribution grounds: an undecided origin."""
    proposal = attribution_pending(article)
    if proposal is None:
        return []
    return [
        gettext(
            "The text names %(origin)s as where this story came from (“%(evidence)s”): confirm or dismiss "
            "the proposed origin under “Attribution”."
        )
        % {"origin": proposal.origin, "evidence": Truncator(proposal.reading.evidence).words(12)}
    ]
