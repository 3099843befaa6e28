"""The demo's media library: every story's picture in the library, pictures reused across stories
with their credits and licences, and one whose rights have expired (on a draft, to try publishing).

Idempotent like the rest of the demo: shared pictures are stored under fixed names and looked
up by them; a story's own picture is looked up by its file.
"""

from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles.models import Article, GalleryItem, Picture
from articles.newsroom.pictures import (
    article_body_pictures_refresh,
    article_gallery_refresh,
    article_picture_use,
    picture_from_lead_image,
    picture_refresh_search,
)
from sources.arabic import arabic_slugify
from sources.models import Source

CC_BY = "https://creativecommons.org/licenses/by/4.0/"

# Shared pictures: a stable file name, who made it, its rights, and the stories (Arabic headlines' slugs) it leads.
SHARED = [
    {
        "name": "library/demo/aden-harbour.jpg",
        "image": ("Aden harbour", (15, 55, 95), (150, 190, 210)),
        "ar": {"alt": "رافعات وسفن شحن في ميناء عدن عند الغروب", "caption": "ميناء عدن، صورة أرشيفية", "credit_translated": ""},
        "en": {"alt": "Cranes and cargo ships in Aden harbour at sunset", "caption": "Aden harbour, archive picture", "credit_translated": "Khabar / Ahmed Salem (demo picture)"},
        "credit": "خبر / أحمد سالم (صورة تجريبية)",
        "creator": "أحمد سالم",
        "copyright_notice": "© خبر 2026",
        "licence": "CC BY 4.0",
        "licence_url": CC_BY,
        "acquire_licence_url": "https://khabar.example/licensing/",
        "usage_terms": "يجوز إعادة نشرها مع ذكر المصدر.",
        "keywords": "عدن, ميناء, اقتصاد",
        "focal": (0.62, 0.4),
        "stories": ["ميناء عدن يستقبل أول شحنة قمح كبيرة منذ شهرين", "الريال اليمني يتراجع أمام الدولار في تعاملات عدن"],
    },
    {
        "name": "library/demo/mukalla-coast.jpg",
        "image": ("Mukalla coast", (30, 80, 120), (210, 170, 100)),
        "ar": {"alt": "الكورنيش والبيوت البيضاء على ساحل المكلا", "caption": "ساحل المكلا", "credit_translated": ""},
        "en": {"alt": "The corniche and white houses on the Mukalla coast", "caption": "The Mukalla coast", "credit_translated": "Wadi Window"},
        "credit": "نافذة الوادي",
        "creator": "سالم باوزير",
        "copyright_notice": "© نافذة الوادي",
        "licence": "اتفاقية إعادة النشر مع نافذة الوادي",
        "licence_url": "https://wadi-window.example/terms/",
        "usage_terms": "تنشر مع خبر من نافذة الوادي فقط، حتى انتهاء الاتفاقية.",
        "keywords": "المكلا, حضرموت, أمطار",
        "source": "wadi-window",
        "expires_in_days": 300,
        "focal": (0.3, 0.55),
        "stories": ["أمطار غزيرة تغمر أحياء في المكلا وتقطع الطريق الساحلي", "مشروع لترميم ورقمنة آلاف المخطوطات في مكتبات تريم"],
    },
    {
        "name": "library/demo/ghouta-orchard.jpg",
        "image": ("Ghouta orchard", (50, 90, 40), (200, 210, 130)),
        "ar": {"alt": "أشجار زيتون في بستان بالغوطة", "caption": "بستان زيتون في الغوطة", "credit_translated": ""},
        "en": {"alt": "Olive trees in an orchard in Ghouta", "caption": "An olive orchard in Ghouta", "credit_translated": ""},
        "credit": "وكالة صور تجريبية",
        "creator": "مصور متعاون",
        "copyright_notice": "© وكالة صور تجريبية",
        "licence": "ترخيص لمرة واحدة",
        "usage_terms": "ترخيص انتهى: لا يعاد استخدامها.",
        "keywords": "الغوطة, زيتون, زراعة",
        "expires_in_days": -2,
        "focal": (0.5, 0.5),
        "stories": ["مزارعو الغوطة يستعدون لموسم الزيتون رغم شحّ المياه"],
    },
]


def ensure_media(*, now: datetime, images: bool = True) -> None:
    """Put every demo story's picture in the library, then lead stories with the shared pictures."""
    for article in Article.objects.exclude(lead_image="").filter(picture__isnull=True):
        picture = Picture.objects.filter(file=article.lead_image.name).first()
        picture = picture or picture_from_lead_image(article=article)
        Article.objects.filter(pk=article.pk).update(picture=picture)
    if not images:
        return
    for spec in SHARED:
        picture = ensure_shared_picture(spec, now=now)
        for title in spec["stories"]:
            article = Article.objects.translated("ar", slug=arabic_slugify(title)).first()
            if article is not None:
                use_with_texts(article, picture, spec)
    ensure_gallery()
    ensure_body_picture()


# The story with a gallery, and the demo pictures (by file name) it shows, in order: Hadramawt's.
GALLERY_STORY = "أمطار غزيرة تغمر أحياء في المكلا وتقطع الطريق الساحلي"
GALLERY_FILES = ["demo-01", "demo-02", "demo-13", "demo-14"]


def ensure_gallery() -> None:
    """Give one published story a gallery of library pictures (the same rows on every run)."""
    article = Article.objects.translated("ar", slug=arabic_slugify(GALLERY_STORY)).first()
    if article is None:
        return
    wanted = []
    for stem in GALLERY_FILES:
        picture = Picture.objects.filter(file__contains=f"/{stem}").order_by("pk").first()
        if picture is not None:
            wanted.append(picture)
    GalleryItem.objects.filter(article=article).exclude(picture__in=wanted).delete()
    for position, picture in enumerate(wanted, start=1):
        GalleryItem.objects.update_or_create(article=article, picture=picture, defaults={"position": position})
    article_gallery_refresh(article=article)


def ensure_shared_picture(spec: dict, *, now: datetime) -> Picture:
    from tools.demo.load import lead_image_jpeg

    if not default_storage.exists(spec["name"]):
        label, start, end = spec["image"]
        default_storage.save(spec["name"], ContentFile(lead_image_jpeg(label, start, end)))
    picture = Picture.objects.filter(file=spec["name"]).first() or Picture(file=spec["name"], width=1200, height=675)
    for field in ("credit", "creator", "copyright_notice", "licence", "usage_terms", "keywords"):
        setattr(picture, field, spec.get(field, ""))
    picture.licence_url = spec.get("licence_url", "")
    picture.acquire_licence_url = spec.get("acquire_licence_url", "")
    picture.source = Source.objects.filter(slug=spec["source"]).first() if spec.get("source") else None
    days = spec.get("expires_in_days")
    picture.rights_expire_at = now + timedelta(days=days) if days is not None else None
    picture.focal_x, picture.focal_y = spec["focal"]
    for language in ("ar", "en"):
        picture.set_current_language(language)
        for field, value in spec[language].items():
            setattr(picture, field, value)
    picture.set_current_language("ar")
    picture.save()
    picture_refresh_search(picture=picture)
    return picture


def use_with_texts(article: Article, picture: Picture, spec: dict) -> None:
    """Lead ``article`` with ``picture``, its alt text and caption those of the library."""
    article_picture_use(article=article, picture=picture)
    for language in article.get_available_languages():
        translation = article.get_translation(language)
        translation.lead_image_alt = spec[language]["alt"]
        translation.lead_image_caption = spec[language]["caption"]
        translation.lead_image_credit_translated = spec[language]["credit_translated"]
        article.save_translation(translation)


# A library picture placed in the same story's body, after its first paragraph.
BODY_FILE = "demo-03"


def ensure_body_picture() -> None:
    """Place one library picture in the gallery story's Arabic body (once: the token is looked for first)."""
    article = Article.objects.translated("ar", slug=arabic_slugify(GALLERY_STORY)).first()
    picture = Picture.objects.filter(file__contains=f"/{BODY_FILE}").order_by("pk").first()
    if article is None or picture is None:
        return
    article.set_current_language("ar")
    token = f"<p>[picture:{picture.pk}]</p>"
    if token not in article.body:
        first, found, rest = article.body.partition("</p>")
        article.body = f"{first}{found}{token}{rest}" if found else f"{article.body}{token}"
        article.save_translation(article.get_translation("ar"))
    article_body_pictures_refresh(article=article)
