"""The demo's people (issue 20): author profiles, and stories credited to several of them.

``ensure_people`` runs after the stories exist and is idempotent: profiles are found by slug,
credits by (story, person, role); a credited story's free byline is cleared, so readers see
the credit lines with links to the authors' pages.
"""

from articles.models import Article, Author, Contribution
from sources.arabic import arabic_slugify

AUTHORS = [
    {
        "slug": "salwa-alabsi",
        "kind": Author.Kind.STAFF,
        "ar": {"name": "سلوى العبسي", "job_title": "مراسلة خبر في وادي حضرموت",
               "bio": "تغطي أخبار الوادي والصحراء منذ 2018، وتكتب عن الصحة والتعليم والرياضة المحلية."},
        "en": {"name": "Salwa al-Absi", "job_title": "Khabar correspondent in Wadi Hadramawt",
               "bio": "Covers the valley and the desert since 2018: health, schools and local sport."},
        "links": "https://social.example/@salwa_alabsi",
    },
    {
        "slug": "omar-bawazir",
        "kind": Author.Kind.GUEST,
        "ar": {"name": "عمر باوزير", "job_title": "مراسل متعاون في عدن", "bio": "صحفي مستقل يكتب عن الخدمات والاقتصاد في عدن."},
        "en": {"name": "Omar Bawazir", "job_title": "Contributing reporter in Aden",
               "bio": "A freelance journalist writing about services and the economy in Aden."},
        "links": "",
    },
    {
        "slug": "huda-alsaqqaf",
        "kind": Author.Kind.STAFF,
        "ar": {"name": "هدى السقاف", "job_title": "محررة الديسك في عدن", "bio": ""},
        "en": {"name": "Huda al-Saqqaf", "job_title": "Desk editor in Aden", "bio": ""},
        "links": "",
    },
    {
        "slug": "layla-haddad",
        "kind": Author.Kind.GUEST,
        "ar": {"name": "ليلى حداد", "job_title": "مترجمة", "bio": "تترجم قصص خبر إلى الإنجليزية."},
        "en": {"name": "Layla Haddad", "job_title": "Translator", "bio": "Translates Khabar's stories into English."},
        "links": "",
    },
]

WRITER_ACCOUNT = "writer"  # the demo user credited as writer: their profile is made from the account

# Stories (by Arabic headline) and who is credited on them, in order: (profile slug or the
# writer account, role).
CREDITS = {
    "انقطاع الكهرباء عن معظم أحياء عدن إثر عطل في محطة توليد رئيسية": [
        (WRITER_ACCOUNT, Contribution.Role.WRITER),
        ("omar-bawazir", Contribution.Role.REPORTING),
        ("huda-alsaqqaf", Contribution.Role.EDITING),
    ],
    "نجوم الوادي يبلغ نصف نهائي كأس المحافظة بركلات الترجيح": [
        ("salwa-alabsi", Contribution.Role.WRITER),
        ("omar-bawazir", Contribution.Role.REPORTING),
        ("layla-haddad", Contribution.Role.TRANSLATION),
    ],
    "افتتاح مركز لغسيل الكلى في سيئون بتمويل من رجال أعمال محليين": [
        ("salwa-alabsi", Contribution.Role.WRITER),
        (WRITER_ACCOUNT, Contribution.Role.EDITING),
    ],
}


def ensure_authors(users: dict) -> dict[str, Author]:
    """The demo's profiles by slug, and the writer account's own profile under ``WRITER_ACCOUNT``."""
    authors = {}
    for spec in AUTHORS:
        author = Author.objects.filter(slug=spec["slug"]).first() or Author(slug=spec["slug"])
        author.kind = spec["kind"]
        author.links = spec["links"]
        for language in ("ar", "en"):
            author.set_current_language(language)
            for name, value in spec[language].items():
                setattr(author, name, value)
        author.save()
        authors[spec["slug"]] = author
    user = users[WRITER_ACCOUNT]
    profile = Author.objects.filter(user=user).first() or Author(user=user, slug=arabic_slugify(user.get_full_name()))
    profile.set_current_language("ar")
    profile.name, profile.job_title = user.get_full_name(), "محرر في خبر"
    profile.set_current_language("en")
    profile.name, profile.job_title = "Khabar news editor", "Editor at Khabar"
    profile.save()
    authors[WRITER_ACCOUNT] = profile
    return authors


def ensure_people(users: dict) -> None:
    """Profiles, and the credited stories' contributors in order (their free bylines cleared)."""
    authors = ensure_authors(users)
    for title, people in CREDITS.items():
        article = Article.objects.translated("ar", slug=arabic_slugify(title)).first()
        if article is None:
            continue
        wanted = []
        for position, (key, role) in enumerate(people):
            contribution, _created = Contribution.objects.update_or_create(
                article=article, author=authors[key], role=role, defaults={"position": position}
            )
            wanted.append(contribution.pk)
        for stale in Contribution.objects.filter(article=article).exclude(pk__in=wanted):
            stale.delete()
        for language in article.get_available_languages():
            article.set_current_language(language)
            article.byline = ""
        article.save()
