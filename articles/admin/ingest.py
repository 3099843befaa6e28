"""Admin for feeds, their run log and ingested items (original, changes, same story elsewhere)."""

from django.contrib import admin, messages
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from articles.ingest.diff import cleaning_rows, draft_diff, word_diff
from articles.ingest.services import Started, item_mark_reviewed
from articles.ingest.tasks import feed_read_soon
from articles.models import Feed, FeedRun, IngestedItem, SimilarItem
from articles.models.sanitize import plain_text
from articles.newsroom.checks import changed_beyond_punctuation
from sources.admin_busy import DatabaseBusyAdminMixin
from sources.admin_display import boolean_column
from sources.admin_forms import TextDirectionAdminMixin
from sources.models import Source

EMPTY = "—"
# What "Read now" says about each feed; the result itself appears in the feed's recent runs.
READ_NOW_MESSAGES = {
    Started.STARTED: (_("%(feed)s is being read. Its result will appear in its recent runs."), messages.INFO),
    Started.ALREADY: (_("%(feed)s is already being read. Its result will appear in its recent runs."), messages.INFO),
}


def _run_result(run: FeedRun | None) -> str:
    if run is None:
        return EMPTY
    if run.status in {FeedRun.Status.NOT_MODIFIED, FeedRun.Status.RUNNING, FeedRun.Status.INTERRUPTED}:
        return run.get_status_display()
    if run.status == FeedRun.Status.FAILED and not run.items_seen:
        return run.get_status_display()
    return run.summary()


@admin.register(Feed)
class FeedAdmin(DatabaseBusyAdminMixin, TextDirectionAdminMixin, admin.ModelAdmin):
    # Format, language and automatic publishing are filters, to keep the row readable.
    list_display = ["__str__", "source", boolean_column(Feed, "is_active"), "last_run_at", "next_run_at", "last_result", "last_error"]
    list_filter = ["is_active", "format", "language", "auto_publish", "source"]
    search_fields = ["name", "url", "source__slug", "source__translations__name"]
    ordering = ["source__slug", "pk"]
    list_select_related = ["source", "last_run"]
    autocomplete_fields = ["source", "default_section", "default_tags"]
    readonly_fields = ["format", "last_run_at", "last_result", "last_error", "recent_runs"]
    fieldsets = [
        (None, {"fields": ["source", "name", "url", "language", "is_active"]}),
        (_("Drafts"), {"fields": ["default_section", "default_tags", "title_prefixes", "auto_publish"]}),
        (_("Schedule"), {"fields": ["poll_interval", "next_run_at"]}),
        (_("Last runs"), {"fields": ["format", "last_run_at", "last_result", "last_error", "recent_runs"]}),
    ]
    actions = ["read_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("source__translations")

    @admin.display(description=_("last run"), ordering="last_run__started_at")
    def last_run_at(self, obj: Feed) -> str:
        return localize(timezone.localtime(obj.last_run.started_at)) if obj.last_run else EMPTY

    @admin.display(description=_("last result"))
    def last_result(self, obj: Feed) -> str:
        return _run_result(obj.last_run)

    @admin.display(description=_("last error"))
    def last_error(self, obj: Feed) -> str:
        return (obj.last_run.error_message() if obj.last_run else "") or EMPTY

    @admin.display(description=_("recent runs"))
    def recent_runs(self, obj: Feed) -> str:
        if not obj.pk:
            return EMPTY
        runs = list(obj.runs.all()[:10])
        return render_to_string("admin/articles/feed/recent_runs.html", {"runs": runs}) if runs else EMPTY

    @admin.action(permissions=["change"], description=_("Read the selected feeds now"))
    def read_now(self, request, queryset):
        # Read by a worker once the request commits: a slow feed must not hold a web worker.
        for feed in queryset.select_related("source"):
            text, level = READ_NOW_MESSAGES[feed_read_soon(feed)]
            self.message_user(request, str(text) % {"feed": feed}, level)


@admin.register(FeedRun)
class FeedRunAdmin(admin.ModelAdmin):
    """The ingest log: read-only, one row per reading of a feed or file."""

    list_display = [
        "started_at",
        "source",
        "feed",
        "status",
        "items_seen",
        "items_new",
        "items_duplicate",
        "items_updated",
        "items_failed",
        "error",
    ]
    list_filter = ["status", "source"]
    search_fields = ["location", "feed__name"]
    ordering = ["-started_at", "-pk"]
    date_hierarchy = "started_at"
    list_select_related = ["source", "feed"]
    readonly_fields = ["error", "item_problems"]
    fields = [
        "source",
        "feed",
        "location",
        "started_at",
        "finished_at",
        "status",
        "items_seen",
        "items_new",
        "items_duplicate",
        "items_updated",
        "items_failed",
        "error",
        "item_problems",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("source__translations")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("error"))
    def error(self, obj: FeedRun) -> str:
        return obj.error_message() or EMPTY

    @admin.display(description=_("item problems"))
    def item_problems(self, obj: FeedRun) -> str:
        notes = obj.note_messages()
        return render_to_string("admin/articles/feed/notes.html", {"notes": notes}) if notes else EMPTY


class SimilarFilter(admin.SimpleListFilter):
    title = _("same story elsewhere")
    parameter_name = "similar"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(similar_total__gt=0)
        if self.value() == "no":
            return queryset.filter(similar_total=0)
        return queryset


def _annotate_similar(queryset):
    """Add ``similar_total``: how many items from other sources were linked to each item."""
    links = (
        SimilarItem.objects.filter(Q(item=OuterRef("pk")) | Q(other=OuterRef("pk")))
        .order_by()
        .annotate(total=Func(F("pk"), function="COUNT"))
        .values("total")
    )
    return queryset.annotate(similar_total=Coalesce(Subquery(links, output_field=IntegerField()), 0))


class IngestedDisplayMixin:
    """Read-only displays shared by the item admin and the inline on the article form."""

    @admin.display(description=_("draft"))
    def draft_link(self, obj: IngestedItem) -> str:
        if not obj.article_id:
            return gettext("The draft was deleted.")
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a> ({})', url, obj.article, obj.article.get_status_display())

    @admin.display(description=_("ingested original"))
    def item_link(self, obj: IngestedItem) -> str:
        url = reverse("admin:articles_ingesteditem_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Original, versions and similar stories"))

    @admin.display(description=_("original URL"))
    def original_link(self, obj: IngestedItem) -> str:
        if not obj.original_url:
            return EMPTY
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank" dir="ltr">{}</a>',
            obj.original_url,
            obj.original_url,
        )

    @admin.display(description=_("changes in the draft"))
    def draft_changes(self, obj: IngestedItem) -> str:
        if not obj.article_id:
            return EMPTY
        diff = draft_diff(obj.article)
        if diff is None:
            return gettext("None: the draft still reads as received.")
        as_is = obj.source.terms_edits == Source.Edits.AS_IS and changed_beyond_punctuation(obj.article)
        return render_to_string(
            "admin/articles/ingesteditem/diff.html", {"diff": diff, "as_is_broken": as_is, "source": obj.source}
        )

    @admin.display(description=_("as received / cleaned"))
    def cleaning(self, obj: IngestedItem) -> str:
        rows = cleaning_rows(obj)
        context = {"item": obj, "rows": rows, "removed": sum("removed" in row for row in rows)}
        return render_to_string("admin/articles/ingesteditem/cleaning.html", context)

    @admin.display(description=_("changes at the source"))
    def source_changes(self, obj: IngestedItem) -> str:
        versions = list(obj.versions.all())
        if not versions:
            return EMPTY
        previous_title, previous_body = obj.title, obj.body
        changes = []
        for version in versions:
            changes.append(
                {
                    "version": version,
                    "diff": word_diff(
                        f"{previous_title}\n\n{plain_text(previous_body)}",
                        f"{version.title}\n\n{plain_text(version.body)}",
                    ),
                }
            )
            previous_title, previous_body = version.title, version.body
        return render_to_string(
            "admin/articles/ingesteditem/versions.html", {"changes": changes, "pending": obj.update_pending}
        )

    @admin.display(description=_("same story from other sources"))
    def side_by_side(self, obj: IngestedItem) -> str:
        others = obj.similar_items()
        if not others:
            return EMPTY
        for other in others:
            other.similarity_percent = round(other.similarity * 100)
        return render_to_string("admin/articles/ingesteditem/side_by_side.html", {"item": obj, "others": others})


@admin.register(IngestedItem)
class IngestedItemAdmin(IngestedDisplayMixin, admin.ModelAdmin):
    list_display = ["title", "source", "published_at", "draft_link", boolean_column(IngestedItem, "update_pending"), "similar_count", "created_at"]
    list_filter = ["update_pending", SimilarFilter, "published_guessed", "source", "feed"]
    search_fields = ["title", "guid", "original_url"]
    ordering = ["-created_at", "-pk"]
    date_hierarchy = "created_at"
    list_select_related = ["source", "article", "feed"]
    readonly_fields = [
        "title",
        "title_prefix",
        "source",
        "feed",
        "draft_link",
        "original_link",
        "published_at",
        "author",
        "guid",
        "draft_changes",
        "cleaning",
        "published_raw",
        "published_guessed",
        "update_pending",
        "source_changes",
        "side_by_side",
        "raw_title",
        "raw_summary",
        "raw_body",
        "created_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "title_prefix",
                    "source",
                    "feed",
                    "draft_link",
                    "original_link",
                    "published_at",
                    "published_raw",
                    "published_guessed",
                    "author",
                    "created_at",
                ]
            },
        ),
        (_("Changes in the draft"), {"fields": ["draft_changes"]}),
        (_("As received / cleaned"), {"fields": ["cleaning"]}),
        (_("Changes at the source"), {"fields": ["update_pending", "source_changes"]}),
        (_("Same story from other sources"), {"fields": ["side_by_side"]}),
        (_("As received"), {"classes": ["collapse"], "fields": ["guid", "raw_title", "raw_summary", "raw_body"]}),
    ]
    actions = ["mark_reviewed"]

    def get_queryset(self, request):
        return _annotate_similar(
            super().get_queryset(request).prefetch_related("source__translations", "article__translations")
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("same story elsewhere"), ordering="similar_total")
    def similar_count(self, obj: IngestedItem) -> int:
        return obj.similar_total

    @admin.action(permissions=["change"], description=_("Mark changes at the source as reviewed"))
    def mark_reviewed(self, request, queryset):
        items = list(queryset.filter(update_pending=True))
        for item in items:
            item_mark_reviewed(item)
        self.message_user(
            request,
            ngettext(
                "%(count)d item is no longer flagged as changed at the source.",
                "%(count)d items are no longer flagged as changed at the source.",
                len(items),
            )
            % {"count": len(items)},
            messages.SUCCESS,
        )


class IngestedItemInline(IngestedDisplayMixin, admin.StackedInline):
    """On an ingested draft's form: where it came from and what changed since."""

    model = IngestedItem
    fk_name = "article"
    verbose_name = pgettext_lazy("ingest", "ingested original")
    verbose_name_plural = pgettext_lazy("ingest", "ingested original")
    fields = ["item_link", "original_link", "draft_changes", "cleaning", "update_pending", "side_by_side"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
