"""The media library: pictures uploaded once, used by many stories, with their credit and rights.

A picture's credit, creator, copyright notice, source, licence and rights expiry travel with it
to every story that uses it. A story keeps its own copy of the file name, size and credit of its
lead picture (``Article.lead_image*``), so reader pages never need the library to draw it; the
library row is read only where its rights are (publication checks, JSON-LD).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from parler.managers import TranslatableManager
from parler.models import TranslatableModel, TranslatedFields

from sources.arabic import normalize_arabic
from sources.fields import URLField
from sources.images import clean_uploaded_image, validate_image_file
from sources.models import Source
from sources.text import clean_text_fields

PICTURE_SINGLE_LINE = ("alt", "caption", "credit_translated")
_UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Picture(TranslatableModel):
    """One photograph or graphic of the library, with who made it and on what terms we may show it."""

    translations = TranslatedFields(
        alt=models.CharField(_("alt text"), max_length=300, blank=True, help_text=_("What the picture shows, for readers who cannot see it.")),
        caption=models.CharField(_("caption"), max_length=500, blank=True),
        credit_translated=models.CharField(
            _("credit in this language"),
            max_length=200,
            blank=True,
            help_text=_("Shown to readers of this language. Leave empty to show the credit as written."),
        ),
    )
    file = models.ImageField(
        _("image file"),
        upload_to="library/%Y/%m/",
        validators=[validate_image_file],
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    creator = models.CharField(_("creator"), max_length=200, blank=True, help_text=_("The photographer or artist."))
    credit = models.CharField(_("credit line"), max_length=200, blank=True, help_text=_("As readers see it, e.g. “Reuters / Khaled Abdullah”."))
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source of the picture"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pictures",
        help_text=_("The outlet or agency it came from. Leave empty for the newsroom's own staff."),
    )
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    licence_url = URLField(_("licence address"), blank=True)
    acquire_licence_url = URLField(_("where to license it"), blank=True)
    usage_terms = models.TextField(_("usage terms"), blank=True)
    rights_expire_at = models.DateTimeField(_("rights expire"), null=True, blank=True, help_text=_("After this time the picture may no longer be shown."))
    withdrawn_at = models.DateTimeField(_("withdrawn from stories"), null=True, blank=True, editable=False)
    focal_x = models.FloatField(_("focal point (across)"), default=0.5, validators=_UNIT)
    focal_y = models.FloatField(_("focal point (down)"), default=0.5, validators=_UNIT)
    keywords = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Words to find it by, separated by commas."))
    search_text = models.TextField(editable=False, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TranslatableManager()

    class Meta:
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        label = self.safe_translation_getter("caption", any_language=True) or self.safe_translation_getter("alt", any_language=True)
        if not label:
            label = self.file.name.rsplit("/", 1)[-1] if self.file else gettext("(no file)")
        return f"{label[:80]} — {self.credit}" if self.credit else label[:80]

    def save(self, *args, **kwargs):
        clean_uploaded_image(self, "file")
        clean_text_fields(self, single_line=["credit", "creator", "copyright_notice", "licence", "keywords"])
        super().save(*args, **kwargs)

    def save_translation(self, translation_obj, *args, **kwargs):
        clean_text_fields(translation_obj, single_line=PICTURE_SINGLE_LINE)
        super().save_translation(translation_obj, *args, **kwargs)

    def credit_for(self, language: str) -> str:
        """The credit readers of ``language`` see: its translation there, else as written."""
        return self.safe_translation_getter("credit_translated", language_code=language, default="") or self.credit

    def rights_expired(self, at=None) -> bool:
        return self.rights_expire_at is not None and self.rights_expire_at <= (at or timezone.now())

    def searchable_text(self) -> str:
        """Caption, alt text and credit in every language, creator and tags, Arabic-normalized."""
        parts = [self.credit, self.creator, self.keywords, self.copyright_notice]
        for translation in self.translations.all():
            parts += [translation.caption, translation.alt, translation.credit_translated]
        return normalize_arabic(" ".join(p for p in parts if p))


class GalleryItem(models.Model):
    """One library picture in a story's gallery, in its place; readers see them in ``position`` order."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="gallery_items", verbose_name=_("story"))
    picture = models.ForeignKey(Picture, on_delete=models.PROTECT, related_name="gallery_items", verbose_name=_("picture"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("gallery picture")
        verbose_name_plural = _("gallery")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.picture)
