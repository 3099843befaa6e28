"""Tags: one tag however its Arabic is spelled, translated for readers of other languages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from parler.managers import TranslatableManager
from parler.models import TranslatableModel, TranslatedFields
from taggit.managers import _TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from sources.arabic import arabic_slugify, normalize_arabic
from sources.text import clean_text, clean_text_fields


class TagManager(TranslatableManager, NaturalKeyManager):
    """Parler's manager (translations) with django-taggit's natural keys (backups name tags by their name)."""


class Tag(TranslatableModel, TagBase):
    """A tag whose normalized key makes "إسرائيل" and "اسرائيل" one tag.

    ``name`` is the tag as written (django-taggit matches typed tags against it); readers of
    another language see its translation there (``translated_name``), else the name as written.
    """

    normalized = models.CharField(_("normalized form"), max_length=100, unique=True, editable=False)
    translations = TranslatedFields(
        translated_name=models.CharField(
            _("name in this language"),
            max_length=100,
            blank=True,
            help_text=_("Shown to readers of this language. Leave empty to show the name as written."),
        ),
    )

    objects = TagManager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Caught here, in the form, rather than as the database's unique error on save.
        self.name = clean_text(self.name)
        self.normalized = normalize_arabic(self.name)[:100]
        clash = Tag.objects.filter(normalized=self.normalized).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError(
                {"name": gettext("This tag already exists, written “%(tag)s”.") % {"tag": clash.name}}
            )

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.normalized = normalize_arabic(self.name)[:100]
        super().save(*args, **kwargs)

    def save_translation(self, translation_obj, *args, **kwargs):
        clean_text_fields(translation_obj, single_line=["translated_name"])
        super().save_translation(translation_obj, *args, **kwargs)

    def slugify(self, tag: str, i: int | None = None) -> str:
        slug = arabic_slugify(tag, max_length=90) or "tag"
        return f"{slug}-{i}" if i is not None else slug

    def display_name(self, language: str | None = None) -> str:
        """The name readers of ``language`` (default: the active one) see: its translation, else as written.

        The name as written is the original's (Arabic): on that edition no translation is read.
        """
        language = language or get_language()
        if language == settings.PARLER_DEFAULT_LANGUAGE_CODE:
            return self.name
        return self.safe_translation_getter("translated_name", language_code=language, default="") or self.name


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")]


class NormalizedTagManager(_TaggableManager):
    """Resolve typed tag names to existing tags through their normalized key before creating any."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        # Keys are those of the names as they will be saved (``Tag.save`` cleans them).
        tags = [clean_text(tag) if isinstance(tag, str) else tag for tag in tags]
        wanted: dict[str, str] = {}
        for tag in tags:
            if isinstance(tag, str) and normalize_arabic(tag):
                wanted.setdefault(normalize_arabic(tag)[:100], tag.strip())
        existing = {t.normalized: t for t in Tag.objects.filter(normalized__in=wanted)}
        resolved, seen = [], set()
        for tag in tags:
            if isinstance(tag, str):
                key = normalize_arabic(tag)[:100]
                if not key or key in seen:
                    continue
                seen.add(key)
                resolved.append(existing.get(key, wanted[key]))
            else:
                resolved.append(tag)
        return super()._to_tag_model_instances(resolved, tag_kwargs)
