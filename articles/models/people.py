"""People: author profiles and who contributed what to a story.

A story's contributors (``Contribution``) are kept on the story too, as ``Article.credits``: the
names, addresses and roles readers see, rebuilt whenever a contribution or a profile changes
(``refresh_credits``), so a story's page, feeds, API documents and webhooks name every
contributor without another query.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from parler.managers import TranslatableManager
from parler.models import TranslatableModel, TranslatedFields

from sources.arabic import arabic_slugify, normalize_arabic
from sources.images import clean_uploaded_image, validate_image_file
from sources.text import clean_text, clean_text_fields


class Author(TranslatableModel):
    """Someone credited on stories: a staff member (usually with an account), a guest or an agency."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        GUEST = "guest", _("Guest contributor")
        AGENCY = "agency", _("Agency")

    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
        job_title=models.CharField(
            _("role"), max_length=200, blank=True, help_text=_("What they do for the site, e.g. correspondent in Taiz.")
        ),
        bio=models.TextField(_("short biography"), max_length=1000, blank=True),
    )
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, allow_unicode=True, blank=True, help_text=_("Made from the name when left empty.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STAFF)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("Their account in the newsroom, if they have one. Guests and agencies have none."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="authors/%Y/%m/",
        blank=True,
        validators=[validate_image_file],
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("Addresses of their other pages (a website, social networks), one per line."),
    )

    objects = TranslatableManager()

    class Meta:
        # "author" alone is the catalogue's word for a story's owner in the newsroom (المحرر).
        verbose_name = pgettext_lazy("author profile", "author")
        verbose_name_plural = pgettext_lazy("author profile", "authors")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.display_name()

    def save(self, *args, **kwargs):
        clean_uploaded_image(self, "photo")
        if not self.slug:
            self.slug = unique_author_slug(self.safe_translation_getter("name", any_language=True, default="") or "author")
        with transaction.atomic():  # the profile and its translations together
            super().save(*args, **kwargs)
            if self.pk:
                refresh_credits(Contribution.objects.filter(author=self).values_list("article_id", flat=True))

    def get_absolute_url(self) -> str:
        try:
            return reverse("articles:author", kwargs={"slug": self.slug})
        except NoReverseMatch:
            return ""

    def clean(self) -> None:
        for line in self.link_list():
            try:
                URLValidator(schemes=["http", "https"])(line)
            except ValidationError:
                raise ValidationError({"links": gettext("“%(link)s” is not a web address.") % {"link": line}}) from None

    def save_translation(self, translation_obj, *args, **kwargs):
        clean_text_fields(translation_obj, single_line=["name", "job_title"], multiline=["bio"])
        super().save_translation(translation_obj, *args, **kwargs)

    def display_name(self, language: str | None = None) -> str:
        return self.safe_translation_getter("name", language_code=language or get_language(), any_language=True, default="")

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


def unique_author_slug(name: str) -> str:
    base = arabic_slugify(name)[:100] or "author"
    slug, number = base, 1
    while Author.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class Contribution(models.Model):
    """One person's part in one story, in the order readers see the credits."""

    class Role(models.TextChoices):
        WRITER = "writer", _("Writer")
        REPORTING = "reporting", _("Reporting")
        TRANSLATION = "translation", _("Translation")
        PHOTOS = "photos", _("Photos")
        EDITING = "editing", _("Editing")

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="contributions"
    )
    author = models.ForeignKey(
        Author, verbose_name=pgettext_lazy("author profile", "author"), on_delete=models.PROTECT, related_name="contributions"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WRITER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author", "role"], name="contribution_unique_role"),
        ]
        indexes = [models.Index(fields=["author", "article"], name="contribution_author")]

    def __str__(self) -> str:
        return f"{self.author} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            refresh_credits([self.article_id])

    def delete(self, *args, **kwargs):
        article_id = self.article_id
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            refresh_credits([article_id])
        return result


def credits_for(article_ids) -> dict[int, list[dict]]:
    """``{story id: [credit]}``: each contributor as the story keeps it (``Article.credits``)."""
    found: dict[int, list[dict]] = {pk: [] for pk in article_ids}
    contributions = (
        Contribution.objects.filter(article_id__in=list(found))
        .select_related("author")
        .prefetch_related("author__translations")
        .order_by("article_id", "position", "pk")
    )
    for contribution in contributions:
        author = contribution.author
        names = {t.language_code: clean_text(t.name) for t in author.translations.all() if t.name}
        found[contribution.article_id].append(
            {
                "author": author.pk,
                "slug": author.slug,
                "role": contribution.role,
                "kind": author.kind,
                "name": names,
                "links": author.link_list(),
            }
        )
    return found


def refresh_credits(article_ids) -> None:
    """Rebuild ``Article.credits`` of the stories ``article_ids`` from their contributions."""
    from articles.models.content import Article

    for pk, credits in credits_for(set(article_ids)).items():
        Article.objects.filter(pk=pk).update(credits=credits)


def credit_name(credit: dict, language: str) -> str:
    """A kept credit's name in ``language``, else in the site's language, else any."""
    names = credit.get("name") or {}
    return names.get(language) or names.get(settings.PARLER_DEFAULT_LANGUAGE_CODE) or next(iter(names.values()), "")


def name_key(name: str) -> str:
    """Two spellings of one name compare equal (Arabic normalization, spaces folded)."""
    return " ".join(normalize_arabic(clean_text(name)).split())
