"""A story's live desk: the compact composer where editors and writers post, edit, withdraw, pin
and mark key entries, newest on top (``articles.newsroom.live`` does every change)."""

import re

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, linebreaks, strip_tags, urlize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.story_views import problems_text
from articles.models import Article, LiveCoverage, LiveEntry, Picture
from articles.newsroom import live as live_services

# What an entry's text looks like when it is more than paragraphs (links, lists, emphasis).
_MARKUP = re.compile(r"<(?!/?(p|br)\b)[a-z]", re.IGNORECASE)


def text_to_html(text: str) -> str:
    """The composer takes plain text (paragraphs apart by a blank line, addresses made links) or HTML."""
    text = (text or "").strip()
    if text.startswith("<"):
        return text
    return linebreaks(urlize(escape(text), nofollow=True))


def html_to_text(html: str) -> str:
    """An entry's text as the composer shows it for editing: plain paragraphs, unless it has other markup."""
    if _MARKUP.search(html):
        return html
    paragraphs = re.split(r"</p>\s*", html)
    return "\n\n".join(
        strip_tags(part.replace("<br>", "\n")).strip() for part in paragraphs if strip_tags(part).strip()
    )


class LivePictureForm(forms.Form):
    """An update's picture, searched as you type in the library (the Picture admin's autocomplete)."""

    picture = forms.ModelChoiceField(
        Picture.objects.all(), required=False, label=_("Picture from the library"), widget=forms.Select
    )

    def __init__(self, *args, admin_site, entry=None, **kwargs):
        initial = {"picture": entry.picture_id} if entry else None
        super().__init__(*args, initial=initial, prefix=f"e{entry.pk}" if entry else None, **kwargs)
        field = LiveEntry._meta.get_field("picture")
        widget = AutocompleteSelect(field, admin_site, attrs={"data-width": "100%"})
        widget.choices = self.fields["picture"].widget.choices
        self.fields["picture"].widget = widget


def posted_picture(request, entry_id: int = 0) -> Picture | None:
    """The picture chosen in a composer (none when left empty or unknown)."""
    value = request.POST.get(f"e{entry_id}-picture" if entry_id else "picture", "")
    return Picture.objects.filter(pk=value).first() if value.isdigit() else None


class LiveDeskMixin:
    """``<story>/live/``: the live desk of a story, beside its change page."""

    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [path("<path:object_id>/live/", view(self.live_view), name=f"{prefix}_live")] + super().get_urls()

    def live_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        url = reverse("admin:articles_article_live", args=[obj.pk])
        if request.method == "POST":
            self._live_action(request, obj)
            return HttpResponseRedirect(url)
        coverage = LiveCoverage.objects.filter(article=obj).first()
        entries = LiveEntry.objects.filter(coverage=coverage).select_related("picture").order_by("-pk") if coverage else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Live coverage: %(title)s") % {"title": obj},
            "coverage": coverage,
            "entries": [
                (entry, html_to_text(entry.body), LivePictureForm(admin_site=self.admin_site, entry=entry))
                for entry in entries
            ],
            "picture_form": LivePictureForm(admin_site=self.admin_site),
            "can_post": live_services.can_post_live(request.user, obj),
            "can_run": live_services.can_run_coverage(request.user, obj),
            "is_public": obj.is_public(),
            "public_url": obj.get_absolute_url() if obj.is_public() else "",
            "action_url": url,
        }
        return TemplateResponse(request, "admin/articles/article/live.html", context)

    def _live_action(self, request, obj: Article) -> None:
        action = request.POST.get("action", "")
        entry_id = request.POST.get("entry", "")
        entry_id = int(entry_id) if entry_id.isdigit() else 0
        kwargs = {"article": obj, "by": request.user}
        done = {
            "start": lambda: live_services.live_start(**kwargs),
            "end": lambda: live_services.live_end(**kwargs),
            "post": lambda: live_services.live_entry_post(
                **kwargs,
                body=text_to_html(request.POST.get("body", "")),
                key_event=bool(request.POST.get("key")),
                pinned=bool(request.POST.get("pin")),
                picture=posted_picture(request),
            ),
            "edit": lambda: live_services.live_entry_edit(
                **kwargs,
                entry_id=entry_id,
                body=text_to_html(request.POST.get("body", "")),
                picture=posted_picture(request, entry_id),
            ),
            "withdraw": lambda: live_services.live_entry_withdraw(
                **kwargs, entry_id=entry_id, note=request.POST.get("note", "")
            ),
            "key": lambda: live_services.live_entry_flag(
                **kwargs, entry_id=entry_id, flag="key", value=request.POST.get("value") == "1"
            ),
            "pin": lambda: live_services.live_entry_flag(
                **kwargs, entry_id=entry_id, flag="pin", value=request.POST.get("value") == "1"
            ),
        }
        if action not in done:
            raise Http404
        try:
            done[action]()
        except PermissionDenied as error:
            messages.error(request, str(error) or gettext("You are not allowed to do this to this story."))
            return
        except ValidationError as error:
            messages.error(request, problems_text(error))
            return
        messages.success(request, DONE_MESSAGES[action]())


DONE_MESSAGES = {
    "start": lambda: gettext("The story is covered live. Post the first update."),
    "end": lambda: gettext("The live coverage has ended. The page is frozen and every update is kept."),
    "post": lambda: gettext("The update is posted."),
    "edit": lambda: gettext("The update is changed; readers see that it was edited."),
    "withdraw": lambda: gettext("The update is withdrawn; readers see a note in its place."),
    "key": lambda: gettext("The update's key-event mark is changed."),
    "pin": lambda: gettext("The update's pin is changed."),
}
