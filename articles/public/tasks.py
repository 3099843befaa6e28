"""The public site's work on the task queue: pictures' renditions (every format, AVIF included, of
every crop, made once), flushing the read counters into ``StoryReads``, and the stories' stored
renderings (``articles.public.stored``)."""

from django.conf import settings
from django.core.cache import cache

from articles.models import Article, Picture
from articles.public import stored
from articles.public.cache import invalidate_public_pages
from articles.public.reads import reads_flush
from articles.public.renditions import CROPS, FORMATS, Shape, make_renditions
from sources.images import rights_xmp
from sources.tasking import enqueue_now, periodic, task

FLUSH_DUE_KEY = "reads:flush-due"
FILL_DUE_KEY = "stored:fill-due"


@task()
def make_picture_renditions(picture_pk: int) -> int:
    """Make the missing renditions of a library picture, with its rights as XMP; idempotent.

    Pages drawn before they existed offered WebP and JPEG only: the page cache is emptied so
    they offer AVIF from now on.
    """
    picture = Picture.objects.filter(pk=picture_pk).first()
    if picture is None or not picture.file or not picture.width or not picture.height:
        return 0
    xmp = rights_xmp(
        creator=picture.creator, credit=picture.credit, copyright_notice=picture.copyright_notice, licence_url=picture.licence_url
    )
    made = 0
    for ratio in CROPS:
        shape = Shape(ratio, (picture.focal_x, picture.focal_y))
        made += make_renditions(picture.file.name, picture.width, picture.height, shape, tuple(FORMATS), xmp)
    invalidate_public_pages()
    if made:  # the stories showing it offer AVIF from now on
        Article.objects.filter(picture_id=picture.pk, status=Article.Status.PUBLISHED).retire_renderings()
        stored.restart_fill()
    return made


@periodic
@task()
def flush_reads() -> int:
    """Periodic: every READS_FLUSH_SECONDS (the clock asks more often; the others return at once), copy
    the read counters' totals into the database. Safe to run twice: totals are written, not added."""
    if not cache.add(FLUSH_DUE_KEY, 1, settings.READS_FLUSH_SECONDS):
        return 0
    return reads_flush()


@task()
def store_renderings(pks: list[int]) -> int:
    """Render and store the pages (and API documents) of stories ``pks`` again; idempotent."""
    return sum(stored.store_story(pk) for pk in pks)


@periodic
@task(priority=-50)
def fill_renderings() -> int:
    """Periodic: render the stories whose stored renderings are missing or out of date (after a
    deploy, after a section was renamed...), newest first, a few seconds at a time. While the
    archive is not done it enqueues itself again, behind every task more urgent (lower priority:
    a webhook waits at most one run)."""
    if not cache.add(FILL_DUE_KEY, 1, settings.STORED_FILL_EVERY_SECONDS):
        return 0
    rendered = stored.fill(seconds=settings.STORED_FILL_SECONDS)
    if stored.fill_unfinished():
        cache.delete(FILL_DUE_KEY)
        enqueue_now(fill_renderings)
    return rendered
