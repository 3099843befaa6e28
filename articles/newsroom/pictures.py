"""The media library's services: a story's lead picture, chosen or uploaded, and the rights it carries.

A story keeps a copy of its picture's file name, size and credit (``Article.lead_image*``) so
that reader pages draw it without reading the library; these functions are the only writers of
that copy. The alt text and caption are the story's own, filled from the library when empty.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from articles.models import Article, GalleryItem, LiveEntry, Picture
from articles.models.sanitize import BODY_PICTURE
from sources.tasking import periodic, task

# The story's copy of its picture, as written by ``_copy_picture``.
COPIED_FIELDS = [
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_credit",
    "lead_image_from_source",
    "lead_image_focal_x",
    "lead_image_focal_y",
]


def picture_refresh_search(*, picture: Picture) -> None:
    """Store the Arabic-normalized words the library is searched by (after its translations are saved)."""
    Picture.objects.filter(pk=picture.pk).update(search_text=picture.searchable_text())


def picture_search(queryset: QuerySet, text: str) -> QuerySet:
    """Pictures whose caption, alt text, credit, creator or tags hold every word of ``text``, however spelled."""
    from sources.arabic import normalize_arabic

    for word in normalize_arabic(text).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _copy_picture(article: Article, picture: Picture) -> None:
    article.lead_image = picture.file.name
    article.lead_image_width, article.lead_image_height = picture.width, picture.height
    article.lead_image_credit = picture.credit
    article.lead_image_from_source = picture.source_id is not None
    article.lead_image_focal_x, article.lead_image_focal_y = picture.focal_x, picture.focal_y


def _fill_texts(article: Article, picture: Picture) -> None:
    """Give each translation of the story the picture's alt text and caption where it has none."""
    for translation in picture.translations.all():
        if not article.has_translation(translation.language_code):
            continue
        mine = article.get_translation(translation.language_code)
        changed = False
        for mine_field, theirs in (("lead_image_alt", translation.alt), ("lead_image_caption", translation.caption)):
            if theirs and not getattr(mine, mine_field):
                setattr(mine, mine_field, theirs)
                changed = True
        if changed:
            article.save_translation(mine)


def picture_from_lead_image(*, article: Article, by=None) -> Picture:
    """A library picture made from the story's uploaded lead image (same stored file), with its credit and texts."""
    picture = Picture(
        file=article.lead_image.name,
        width=article.lead_image_width,
        height=article.lead_image_height,
        credit=article.lead_image_credit,
        source=article.source if article.lead_image_from_source and article.source_id else None,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    picture.save()
    for language in article.get_available_languages():
        translation = article.get_translation(language)
        if translation.lead_image_alt or translation.lead_image_caption or translation.lead_image_credit_translated:
            picture.set_current_language(language)
            picture.alt = translation.lead_image_alt
            picture.caption = translation.lead_image_caption
            picture.credit_translated = translation.lead_image_credit_translated
            picture.save_translations()
    picture_refresh_search(picture=picture)
    return picture


def article_picture_use(*, article: Article, picture: Picture) -> None:
    """Show library ``picture`` as the lead picture of the saved ``article``: its copy, and texts where empty."""
    article.picture = picture
    _copy_picture(article, picture)
    Article.objects.filter(pk=article.pk).update(picture=picture, **{f: getattr(article, f) for f in COPIED_FIELDS})
    _fill_texts(article, picture)


@transaction.atomic
def article_picture_saved(*, article: Article, by, changed: set[str]) -> None:
    """After the story form saved ``article``: keep its lead picture and the library in step.

    A new upload joins the library; a picture chosen from the library is copied onto the story;
    a credit typed on the story is the picture's credit, for every story that shows it.
    """
    if "lead_image" in changed:
        article.picture = picture_from_lead_image(article=article, by=by) if article.lead_image else None
        Article.objects.filter(pk=article.pk).update(picture=article.picture)
        return
    picture = article.picture
    if picture is None:
        return
    if "picture" in changed:
        article_picture_use(article=article, picture=picture)
    elif "lead_image_credit" in changed and article.lead_image_credit != picture.credit:
        if by is None or not by.has_perm("articles.change_picture"):
            # Only those who may change the library change a picture's credit; the story keeps the picture's.
            article.lead_image_credit = picture.credit
            Article.objects.filter(pk=article.pk).update(lead_image_credit=picture.credit)
            return
        picture.credit = article.lead_image_credit
        picture.save(update_fields=["credit", "updated_at"])
        picture_refresh_search(picture=picture)
        picture_stories_update(picture=picture)


def _gallery_entry(picture: Picture) -> dict:
    texts = {
        t.language_code: {"alt": t.alt, "caption": t.caption, "credit": t.credit_translated} for t in picture.translations.all()
    }
    return {
        "picture": picture.pk,
        "file": picture.file.name,
        "width": picture.width,
        "height": picture.height,
        "credit": picture.credit,
        "texts": texts,
    }


def live_picture_shown(picture: Picture) -> dict:
    """What a live update's readers see of ``picture`` (as a gallery keeps it); none once withdrawn."""
    if picture.withdrawn_at is not None or not picture.file:
        return {}
    return _gallery_entry(picture)


def article_gallery_refresh(*, article: Article) -> list[dict]:
    """Store what readers see of ``article``'s gallery: its pictures in order, those withdrawn left out."""
    items = (
        GalleryItem.objects.filter(article=article, picture__withdrawn_at__isnull=True)
        .select_related("picture")
        .prefetch_related("picture__translations")
        .order_by("position", "pk")
    )
    gallery = [_gallery_entry(item.picture) for item in items if item.picture.file]
    if gallery != article.gallery:
        article.gallery = gallery
        Article.objects.filter(pk=article.pk).update(gallery=gallery, updated_at=timezone.now())
    return gallery


def body_picture_ids(article: Article) -> list[int]:
    """The library pictures placed in the bodies of ``article``'s translations, in order, each once."""
    ids: list[int] = []
    for language in article.get_available_languages():
        body = article.safe_translation_getter("body", language_code=language, default="") or ""
        ids += [int(found) for found in BODY_PICTURE.findall(body) if int(found) not in ids]
    return ids


def article_body_pictures_refresh(*, article: Article) -> list[dict]:
    """Store what readers see of the pictures placed in ``article``'s body; withdrawn ones are left out."""
    ids = body_picture_ids(article)
    pictures = (
        Picture.objects.filter(pk__in=ids, withdrawn_at__isnull=True).prefetch_related("translations") if ids else []
    )
    stored = [_gallery_entry(picture) for picture in pictures if picture.file]
    if stored != article.body_pictures:
        article.body_pictures = stored
        Article.objects.filter(pk=article.pk).update(body_pictures=stored, updated_at=timezone.now())
    return stored


def picture_galleries_update(*, picture: Picture) -> int:
    """Refresh the stored gallery and body pictures of every story that shows ``picture`` in them."""
    articles = Article.objects.filter(gallery_items__picture=picture).distinct()
    for article in articles:
        article_gallery_refresh(article=article)
    if LiveEntry.objects.filter(picture=picture).exists():
        # Live updates keep their copy too (the page's next content generation shows the change).
        LiveEntry.objects.filter(picture=picture).update(picture_shown=live_picture_shown(picture))
    # By the body's token, not the stored copy: a withdrawn picture has left the copy and may come back.
    in_body = Article.objects.filter(translations__body__contains=f"[picture:{picture.pk}]").distinct()
    for article in in_body:
        article_body_pictures_refresh(article=article)
    return len(articles) + len(in_body)


def picture_stories_update(*, picture: Picture) -> int:
    """Copy the library's file, size and credit of ``picture`` onto every story that shows it."""
    if picture.withdrawn_at is not None:
        return 0
    holder = Article()
    _copy_picture(holder, picture)
    return Article.objects.filter(picture=picture).update(
        **{f: getattr(holder, f) for f in COPIED_FIELDS}, updated_at=timezone.now()
    )


def picture_restore(*, picture: Picture) -> bool:
    """A withdrawn picture whose rights an editor extended (or cleared) goes back on its stories."""
    if picture.withdrawn_at is None or picture.rights_expired():
        return False
    Picture.objects.filter(pk=picture.pk).update(withdrawn_at=None)
    picture.withdrawn_at = None
    return True


def pictures_withdraw_expired(*, now=None) -> list[Picture]:
    """Take pictures whose rights have expired off every story that shows them (readers see a placeholder).

    The stories keep pointing at the picture, so the dashboard can list them until an editor
    chooses another one. Idempotent: a withdrawn picture is not withdrawn again.
    """
    now = now or timezone.now()
    expired = list(Picture.objects.filter(rights_expire_at__lte=now, withdrawn_at__isnull=True))
    for picture in expired:
        with transaction.atomic():
            Article.objects.filter(picture=picture).update(
                lead_image="", lead_image_width=None, lead_image_height=None, updated_at=now
            )
            Picture.objects.filter(pk=picture.pk).update(withdrawn_at=now)
            picture_galleries_update(picture=picture)
    if expired:
        # Queryset updates send no signals: the cached pages showing these pictures must go.
        Picture.objects.get(pk=expired[0].pk).save(update_fields=["updated_at"])
    return expired


def stories_with_withdrawn_pictures() -> QuerySet:
    """Stories whose lead picture was withdrawn (its rights expired) and not yet replaced."""
    return Article.objects.filter(Q(picture__withdrawn_at__isnull=False)).select_related("picture").prefetch_related(
        "picture__translations"
    )


@periodic
@task()
def withdraw_expired_pictures() -> int:
    """Periodic: pictures whose rights have just expired leave the stories that show them."""
    return len(pictures_withdraw_expired())
