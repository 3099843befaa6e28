"""On a republished story's form: the origin its text names, the line that names it, and the
buttons that confirm or dismiss it (``newsroom.attribution``)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext

from articles.models import Article, AttributionDecision
from articles.newsroom.attribution import attribution_confirm, attribution_dismiss, attribution_proposal
from articles.newsroom.permissions import can_edit_everything
from sources.attribution import Cue


def cue_label(cue: str) -> str:
    """Where in the story the line naming its origin was found, in the editor's language."""
    labels = {
        Cue.CREDIT: gettext("a credit line"),
        Cue.HEADLINE: gettext("the headline"),
        Cue.DATELINE: gettext("the dateline"),
        Cue.TAG: gettext("the agency tag at the end"),
    }
    return labels.get(cue, "")


class AttributionViewsMixin:
    """Adds the attribution panel's context and its two POST views to ``ArticleAdmin``."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/attribution/<str:decision>/", view(self.attribution_view), name=f"{prefix}_attribution"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context.update(self.attribution_context(request, obj))
        return super().change_view(request, object_id, form_url, extra_context)

    def attribution_context(self, request, obj: Article) -> dict:
        """What the panel shows: the proposal, the decision taken, and whether this user may decide."""
        proposal = attribution_proposal(obj)
        if proposal is None or not (proposal.reading.found or obj.via_source_id):
            return {}
        decision = AttributionDecision.objects.filter(article=obj).select_related("origin", "decided_by").first()
        return {
            "attribution": {
                "proposal": proposal,
                "cue": cue_label(proposal.reading.cue),
                "decision": decision,
                "current": obj.source,
                "via": obj.via_source,
                "current_cited": list(obj.cited_sources.prefetch_related("translations")),
                "is_current": proposal.origin is not None and proposal.origin.pk == obj.source_id,
                "can_decide": can_edit_everything(request.user, obj) and obj.status != Article.Status.PUBLISHED,
                "confirm_url": reverse("admin:articles_article_attribution", args=[obj.pk, "confirm"]),
                "dismiss_url": reverse("admin:articles_article_attribution", args=[obj.pk, "dismiss"]),
            }
        }

    def attribution_view(self, request, object_id, decision):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._get_or_404(request, object_id)
        try:
            # PermissionDenied is left to answer 403: a forged request changes nothing.
            if decision == "confirm":
                article = attribution_confirm(article=obj, by=request.user)
                message = gettext(
                    "%(origin)s is now the source of “%(title)s”; %(via)s is kept as the partner it came through. "
                    "The disclaimer, the feeds and the page's data for search engines name %(origin)s."
                ) % {"origin": article.source, "via": article.via_source or "—", "title": article}
            elif decision == "dismiss":
                article = attribution_dismiss(article=obj, by=request.user)
                message = gettext("The proposed origin was dismissed; %(source)s stays the source of “%(title)s”.") % {
                    "source": article.source or "—",
                    "title": article,
                }
            else:
                return HttpResponseNotAllowed(["POST"])
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))
