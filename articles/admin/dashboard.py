"""Selectors for the editorial dashboard on the admin index, and its chart drawn as plain SVG.

The chart is computed here, server side, so the admin loads no external JavaScript.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from articles.models import Article, ArticleEvent
from articles.models.workflow import State
from articles.newsroom.pictures import stories_with_withdrawn_pictures
from sources.admin_display import without_translation
from sources.models import Source

# Distinguishable on light and dark admin themes, and for the common colour-vision deficiencies.
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#7f7f7f"]
TOP_SOURCES = 5


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    title: str


@dataclass
class Chart:
    width: int
    height: int
    days: int
    total: int
    bars: list[Bar] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    y_ticks: list[dict] = field(default_factory=list)
    x_labels: list[dict] = field(default_factory=list)
    plot_left: int = 40
    plot_top: int = 10
    plot_bottom: int = 0
    plot_right: int = 0


def state_counts(now: datetime | None = None) -> dict[str, int]:
    """How many stories are in each editorial state, in one query."""
    now = now or timezone.now()
    live = Q(status="published", published_at__lte=now)
    scheduled = Q(status="published", published_at__gt=now)
    counts = Article.objects.aggregate(
        draft=Count("pk", filter=Q(status="draft")),
        in_review=Count("pk", filter=Q(status="in_review")),
        scheduled=Count("pk", filter=scheduled),
        published=Count("pk", filter=live),
        withdrawn=Count("pk", filter=Q(status="withdrawn")),
    )
    return {state: counts[state] for state in State.values}


def _with_translations(queryset):
    return queryset.select_related("author", "source", "section").prefetch_related(
        "translations", "source__translations", "section__translations"
    )


def review_queue(limit: int = 10):
    """Stories waiting for an editor, the longest-waiting first."""
    return _with_translations(Article.objects.in_review().order_by("updated_at", "pk"))[:limit]


def scheduled_queue(now: datetime | None = None, limit: int = 10):
    """Stories that will appear by themselves, the soonest first."""
    return _with_translations(Article.objects.scheduled(now).order_by("published_at", "pk"))[:limit]


def recently_published(now: datetime | None = None, limit: int = 10):
    return _with_translations(Article.objects.published(now).order_by("-published_at", "-pk"))[:limit]


def my_desk(user, limit: int = 10) -> dict:
    """A writer's own drafts, and those an editor sent back with what to change, the newest first."""
    latest = ArticleEvent.objects.filter(article=OuterRef("pk")).order_by("-at", "-pk")
    drafts = _with_translations(
        Article.objects.filter(author=user, status=Article.Status.DRAFT)
        .annotate(last_event=Subquery(latest.values("kind")[:1]), last_comment=Subquery(latest.values("comment")[:1]))
        .order_by("-updated_at", "-pk")
    )[: limit * 2]
    returned = [a for a in drafts if a.last_event == ArticleEvent.Kind.REQUEST_CHANGES]
    mine = [a for a in drafts if a.last_event != ArticleEvent.Kind.REQUEST_CHANGES]
    return {"returned": returned[:limit], "drafts": mine[:limit]}


def published_per_day(
    now: datetime | None = None, days: int = 30
) -> tuple[list[date], dict[int | None, dict[date, int]]]:
    """Stories published on each of the last ``days`` local days, per source (None: our own reporting)."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    today = timezone.localtime(now, zone).date()
    first = today - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()), zone)
    rows = (
        Article.objects.published(now)
        .filter(published_at__gte=start)
        .annotate(day=TruncDate("published_at", tzinfo=zone))
        .values("day", "source")
        .annotate(total=Count("pk"))
        .order_by()
    )
    per_source: dict[int | None, dict[date, int]] = {}
    for row in rows:
        per_source.setdefault(row["source"], {})[row["day"]] = row["total"]
    return [first + timedelta(days=n) for n in range(days)], per_source


def _series(per_source: dict[int | None, dict[date, int]]) -> list[tuple[str, dict[date, int]]]:
    """The chart's series: the busiest sources by name, the others together, then our own reporting."""
    totals = {key: sum(values.values()) for key, values in per_source.items()}
    ranked = sorted((key for key in totals if key is not None), key=lambda key: (-totals[key], key))
    top, rest = ranked[:TOP_SOURCES], ranked[TOP_SOURCES:]
    names = {
        source.pk: source.display_name()
        for source in Source.objects.filter(pk__in=top).prefetch_related("translations")
    }
    series: list[tuple[str, dict[date, int]]] = [(names[key], per_source[key]) for key in top]
    if rest:
        merged: dict[date, int] = {}
        for key in rest:
            for day, count in per_source[key].items():
                merged[day] = merged.get(day, 0) + count
        series.append((gettext("Other sources"), merged))
    if None in per_source:
        series.append((gettext("Our own reporting"), per_source[None]))
    return series


def published_chart(now: datetime | None = None, days: int = 30, width: int = 720, height: int = 240) -> Chart:
    """Stacked bars of stories per day and source, as geometry for an inline SVG."""
    day_list, per_source = published_per_day(now, days)
    series = _series(per_source)
    total = sum(sum(values.values()) for values in per_source.values())
    chart = Chart(width=width, height=height, days=days, total=total)
    chart.plot_bottom = height - 28
    chart.plot_right = width - 8
    plot_height = chart.plot_bottom - chart.plot_top
    slot = (chart.plot_right - chart.plot_left) / days
    peak = max([sum(values.get(day, 0) for _name, values in series) for day in day_list] + [1])

    for index, (name, values) in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        chart.legend.append({"label": name, "color": color, "total": sum(values.values())})
    stacked = dict.fromkeys(day_list, 0)
    for index, (name, values) in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        for position, day in enumerate(day_list):
            count = values.get(day, 0)
            if not count:
                continue
            bar_height = plot_height * count / peak
            y = chart.plot_bottom - plot_height * stacked[day] / peak - bar_height
            stacked[day] += count
            chart.bars.append(
                Bar(
                    x=round(chart.plot_left + position * slot + slot * 0.15, 2),
                    y=round(y, 2),
                    width=round(slot * 0.7, 2),
                    height=round(bar_height, 2),
                    color=color,
                    title=ngettext(
                        "%(date)s: %(count)d story from %(source)s",
                        "%(date)s: %(count)d stories from %(source)s",
                        count,
                    )
                    % {"date": formats.date_format(day, "SHORT_DATE_FORMAT"), "count": count, "source": name},
                )
            )
    for value in sorted({0, (peak + 1) // 2, peak}):
        chart.y_ticks.append({"y": round(chart.plot_bottom - plot_height * value / peak, 2), "label": value})
    for position, day in enumerate(day_list):
        if position % 5 == 0 or position == days - 1:
            chart.x_labels.append(
                {"x": round(chart.plot_left + (position + 0.5) * slot, 2), "label": f"{day.day}/{day.month}"}
            )
    return chart


def editorial_dashboard(now: datetime | None = None, user=None) -> dict:
    """Everything the admin index shows the newsroom, computed for the moment ``now``; ``user``'s own desk too."""
    now = now or timezone.now()
    counts = state_counts(now)
    return {
        "desk": my_desk(user) if user is not None and user.is_authenticated else None,
        "counts": [{"state": state, "label": state.label, "count": counts[state.value]} for state in State],
        "review_queue": review_queue(),
        "scheduled_queue": scheduled_queue(now),
        "recently_published": recently_published(now),
        "chart": published_chart(now),
        "sources_missing_english": sources_missing_english(user),
        "withdrawn_pictures": list(_with_translations(stories_with_withdrawn_pictures().order_by("-updated_at", "-pk"))[:10]),
    }


def sources_missing_english(user) -> int:
    """How many active sources have no English name, for those who can give them one (else 0, uncounted)."""
    if user is None or not user.has_perm("sources.change_source"):
        return 0
    return without_translation(Source.objects.filter(is_active=True), "name").count()
