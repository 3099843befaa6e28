"""Who a story comes from: outlets and agencies, their republication terms and disclaimers."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from .arabic import arabic_slugify, normalize_arabic
from .disclaimers import render_placeholders, validate_placeholders
from .fields import URLField
from .images import clean_uploaded_image, validate_image_file
from .site import site_name
from .text import clean_text, clean_text_fields


class DisclaimerTemplate(TranslatableModel):
    """The republication note that ends every republished story, with placeholders."""

    name = models.CharField(_("name"), max_length=120, help_text=_("For editors only; readers never see it."))
    is_default = models.BooleanField(
        _("site default"),
        default=False,
        help_text=_("Used for every source that does not name its own template. Only one template can be the default."),
    )
    translations = TranslatedFields(
        text=models.TextField(
            _("text"),
            validators=[validate_placeholders],
            help_text=_(
                "Plain text. Placeholders: {source_name} (the outlet's name), {source_url} (its "
                "website) and {site_name} (this site's name)."
            ),
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("disclaimer template")
        verbose_name_plural = _("disclaimer templates")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_disclaimer"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        clean_text_fields(self, single_line=["name"])
        with transaction.atomic():  # the demotion, the template and its translations together
            if self.is_default:
                # Making this template the default demotes the previous one in the same save.
                DisclaimerTemplate.objects.filter(is_default=True).exclude(pk=self.pk).update(is_default=False)
            super().save(*args, **kwargs)

    def save_translation(self, translation_obj, *args, **kwargs):
        clean_text_fields(translation_obj, multiline=["text"])
        super().save_translation(translation_obj, *args, **kwargs)

    def render(self, *, source: "Source | None", language: str) -> str | None:
        """The text in ``language`` with the placeholders filled, or None if it has no such translation."""
        if not self.has_translation(language):
            return None
        text = self.safe_translation_getter("text", language_code=language) or ""
        return render_placeholders(
            text,
            source_name=source.reader_name(language) if source else "",
            source_url=source.homepage_url if source else "",
            site_name=site_name(language),
        )

    @classmethod
    def default(cls) -> "DisclaimerTemplate | None":
        return cls.objects.filter(is_default=True).first()


# The wording used when no template exists at all, so a republished story never goes out bare.
FALLBACK_DISCLAIMER = _(
    "Note: this story was written by {source_name} and is republished as it is. It does not "
    "express the view of {site_name}; responsibility for its content rests with the source."
)


class Source(TranslatableModel):
    """An outlet or agency whose material appears on the site, and the terms it allows."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", _("Outlet")
        AGENCY = "agency", _("News agency")
        OTHER = "other", _("Other")

    class TermsBasis(models.TextChoices):
        AGREEMENT = "agreement", _("Written agreement")
        CREATIVE_COMMONS = "creative_commons", _("Creative Commons licence")
        PUBLIC_PERMISSION = "public_permission", _("Public permission")
        NONE = "none", _("None")

    class Edits(models.TextChoices):
        AS_IS = "as_is", _("As-is only")
        STYLE = "style", _("Style edits")
        FREE = "free", _("Free edits")

    class SearchPolicy(models.TextChoices):
        CANONICAL_ORIGINAL = "canonical_original", _("Canonical link to the original")
        NOINDEX_NEWS = "noindex_news", _("Our own canonical, noindex for news crawlers")
        OWN_CANONICAL = "own_canonical", _("Our own canonical")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OUTLET)
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, allow_unicode=True, blank=True, help_text=_("Made from the name when left empty.")
    )
    homepage_url = URLField(_("homepage"), max_length=500, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    logo = models.ImageField(_("logo"), upload_to="sources/logos/", blank=True, validators=[validate_image_file])
    is_active = models.BooleanField(_("active"), default=True)
    disclaimer_template = models.ForeignKey(
        DisclaimerTemplate,
        verbose_name=_("disclaimer template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        help_text=_("Leave empty to use the site's default disclaimer."),
    )

    # Republication terms, as data the publish checks enforce.
    terms_basis = models.CharField(
        _("terms basis"), max_length=30, choices=TermsBasis.choices, default=TermsBasis.NONE
    )
    terms_edits = models.CharField(_("edits allowed"), max_length=10, choices=Edits.choices, default=Edits.AS_IS)
    terms_images_allowed = models.BooleanField(
        _("images may be reused"), default=False, help_text=_("May we publish the source's own photographs?")
    )
    terms_auto_publish = models.BooleanField(
        _("automatic publishing allowed"),
        default=False,
        help_text=_("May stories from this source be published without an editor's review?"),
    )
    terms_expire_at = models.DateTimeField(
        _("terms expire"), null=True, blank=True, help_text=_("Leave empty if the terms do not expire.")
    )
    terms_redistribution = models.BooleanField(
        _("may be pushed to other channels"),
        default=True,
        help_text=_(
            "May our copies of its stories be posted to our Telegram channels? "
            "When not, its stories are never pushed there."
        ),
    )
    terms_notes = models.TextField(_("notes on the terms"), blank=True)
    terms_approved = models.BooleanField(
        _("terms approved"),
        default=True,
        help_text=_(
            "An outlet a writer proposes waits for an editor to set and approve its terms; "
            "no story from it or citing it can be published until then."
        ),
    )
    search_policy = models.CharField(
        _("search-engine policy"),
        max_length=30,
        choices=SearchPolicy.choices,
        default=SearchPolicy.CANONICAL_ORIGINAL,
        help_text=_("How search engines should treat our copies of this source's stories."),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("news source", "source")
        verbose_name_plural = pgettext_lazy("news source", "sources")
        ordering = ["slug"]
        indexes = [models.Index(fields=["kind", "is_active"], name="source_kind_active")]

    def __str__(self) -> str:
        return self.display_name()

    def save(self, *args, **kwargs):
        clean_text_fields(self, single_line=["country"], multiline=["terms_notes"])
        if not self.slug:
            self.slug = self._unique_slug(arabic_slugify(self.safe_translation_getter(
                "name", language_code=settings.PARLER_DEFAULT_LANGUAGE_CODE, any_language=True) or "") or "source")
        clean_uploaded_image(self, "logo")
        with transaction.atomic():  # the source and its translations together
            super().save(*args, **kwargs)

    def save_translation(self, translation_obj, *args, **kwargs):
        clean_text_fields(translation_obj, single_line=["name"])
        super().save_translation(translation_obj, *args, **kwargs)

    def _unique_slug(self, base: str) -> str:
        taken = set(Source.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def get_absolute_url(self) -> str:
        try:
            return reverse("articles:source", kwargs={"slug": self.slug})
        except NoReverseMatch:
            return ""

    def display_name(self, language: str | None = None) -> str:
        """The name in ``language`` (default: the active one), falling back to any translation."""
        return self.safe_translation_getter(
            "name", language_code=language or get_language(), any_language=True, default=self.slug
        )

    def reader_name(self, language: str | None = None) -> str:
        """The name readers of ``language`` see: its translation there; on another edition than the
        site's own, when it has none, its website's address (never a name in another script);
        else the name in any language."""
        language = language or get_language() or settings.LANGUAGE_CODE
        if self.has_translation(language):
            name = self.safe_translation_getter("name", language_code=language, default="")
            if name:
                return name
        if language != settings.PARLER_DEFAULT_LANGUAGE_CODE and self.homepage_host:
            return self.homepage_host
        return self.display_name(language)

    @property
    def homepage_host(self) -> str:
        """The homepage's host name without "www." ("aljazeera.net"), or ""."""
        try:
            host = urlsplit(self.homepage_url or "").hostname or ""
        except ValueError:  # a stored address no longer parses: no host rather than a broken page
            return ""
        return host.removeprefix("www.")

    def effective_disclaimer_template(self) -> DisclaimerTemplate | None:
        return self.disclaimer_template or DisclaimerTemplate.default()

    def terms_expired(self, at=None) -> bool:
        return self.terms_expire_at is not None and self.terms_expire_at <= (at or timezone.now())


class SourceAlias(models.Model):
    """One way a source's name is written ("AFP", "أ ف ب", "فرانس برس"), matched after normalizing."""

    source = models.ForeignKey(Source, verbose_name=pgettext_lazy("news source", "source"), on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=200)
    normalized = models.CharField(_("normalized form"), max_length=200, editable=False, unique=True)
    needs_cue = models.BooleanField(
        _("needs a cue"),
        default=False,
        help_text=_(
            "The name is also a common word (العربية, الأيام, الشرق الأوسط): without its descriptor (channel, "
            "newspaper, agency) it counts only next to an attribution cue such as “according to” or in brackets."
        ),
    )
    transliterated = models.BooleanField(
        _("foreign name"),
        default=False,
        help_text=_("A foreign name written in Arabic letters: also match its other spellings (غ/ج, ق/ك, long vowels)."),
    )

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.normalized = normalize_arabic(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.name = clean_text(self.name)
        self.normalized = normalize_arabic(self.name)
        if not self.normalized:
            raise ValidationError({"name": gettext("An alias cannot be empty.")})
        clash = SourceAlias.objects.filter(normalized=self.normalized).exclude(pk=self.pk).select_related("source").first()
        if clash:
            raise ValidationError(
                {"name": gettext("“%(alias)s” is already an alias of %(source)s.") % {"alias": self.name, "source": clash.source}}
            )
