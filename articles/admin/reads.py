"""The dashboard's view of readers: the most read stories and reads per hour, drawn as plain SVG.

From the flushed ``StoryReads`` totals (``articles.public.reads``): what readers did until the
last flush, every READS_FLUSH_SECONDS.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import ngettext

from articles.models import Article, StoryReads
from articles.public.reads import current_hour

HOURS = 48
COLOR = "#1f77b4"


@dataclass
class ReadsChart:
    width: int = 720
    height: int = 200
    hours: int = HOURS
    total: int = 0
    plot_left: int = 48
    plot_top: int = 10
    plot_right: int = 712
    plot_bottom: int = 172
    bars: list[dict] = field(default_factory=list)
    y_ticks: list[dict] = field(default_factory=list)
    x_labels: list[dict] = field(default_factory=list)


def _moment(hour: int) -> datetime:
    return timezone.localtime(datetime.fromtimestamp(hour * 3600, tz=UTC))


def reads_chart(hours: int = HOURS) -> ReadsChart:
    """Bars of every story's reads together, per hour of the last ``hours`` hours (one query)."""
    last = current_hour()
    first = last - hours + 1
    per_hour = dict(
        StoryReads.objects.filter(hour__gte=first).values("hour").annotate(total=Sum("count")).values_list("hour", "total")
    )
    chart = ReadsChart(hours=hours, total=sum(per_hour.values()))
    peak = max([*per_hour.values(), 1])
    slot = (chart.plot_right - chart.plot_left) / hours
    plot_height = chart.plot_bottom - chart.plot_top
    for position, hour in enumerate(range(first, last + 1)):
        count = per_hour.get(hour, 0)
        moment = _moment(hour)
        if count:
            height = plot_height * count / peak
            chart.bars.append(
                {
                    "x": round(chart.plot_left + position * slot + slot * 0.1, 2),
                    "y": round(chart.plot_bottom - height, 2),
                    "width": round(slot * 0.8, 2),
                    "height": round(height, 2),
                    "title": ngettext("%(time)s: %(count)d read", "%(time)s: %(count)d reads", count)
                    % {"time": formats.date_format(moment, "SHORT_DATETIME_FORMAT"), "count": count},
                }
            )
        if moment.hour % 6 == 0:
            chart.x_labels.append({"x": round(chart.plot_left + (position + 0.5) * slot, 2), "label": f"{moment.hour}:00"})
    for value in sorted({0, (peak + 1) // 2, peak}):
        chart.y_ticks.append({"y": round(chart.plot_bottom - plot_height * value / peak, 2), "label": value})
    return chart


def most_read_stories(hours: int = 24, limit: int = 10) -> list[dict]:
    """The stories read most in the last ``hours`` hours, whatever their state now, with their reads."""
    rows = list(
        StoryReads.objects.filter(hour__gte=current_hour() - hours + 1)
        .values("article")
        .annotate(reads=Sum("count"))
        .order_by("-reads", "-article")[:limit]
    )
    stories = Article.objects.prefetch_related("translations").in_bulk([row["article"] for row in rows])
    return [{"article": stories[row["article"]], "reads": row["reads"]} for row in rows if row["article"] in stories]


def readers_dashboard() -> dict:
    return {"chart": reads_chart(), "stories": most_read_stories()}
