"""What we publish: sections and articles (original reporting and republished stories); tags are in ``tags``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from parler.managers import TranslatableManager
from parler.models import TranslatableModel, TranslatedFields
from taggit.managers import TaggableManager

from articles.models.querysets import ArticleQuerySet
from articles.models.sanitize import EDITOR_EXTENSIONS, sanitize_html
from articles.models.tags import NormalizedTagManager, TaggedArticle
from articles.models.workflow import Action, State, state_of
from sources.arabic import arabic_slugify
from sources.disclaimers import render_placeholders
from sources.fields import URLField
from sources.images import clean_uploaded_image, validate_image_file
from sources.models import FALLBACK_DISCLAIMER, DisclaimerTemplate, Source
from sources.site import site_name
from sources.text import clean_text_fields

# The plain-text fields of a story's translations, cleaned on every save (``sources.text``).
ARTICLE_SINGLE_LINE = (
    "title",
    "byline",
    "dateline",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit_translated",
    "seo_title",
    "seo_description",
)
ARTICLE_MULTILINE = ("summary", "disclaimer_text")


class Section(TranslatableModel):
    """A section of the site ("أخبار سوريا"), shown beside the headline, never typed into it."""

    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=120),
        slug=models.SlugField(_("slug"), max_length=120, allow_unicode=True),
        meta={"unique_together": [("language_code", "slug")]},
    )
    ordering = models.PositiveSmallIntegerField(_("ordering"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TranslatableManager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["ordering", "pk"]

    def __str__(self) -> str:
        return self.display_name()

    def save(self, *args, **kwargs):
        with transaction.atomic():  # the section and its translations together
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        try:
            return reverse("articles:section", kwargs={"slug": self.safe_translation_getter("slug", any_language=True)})
        except NoReverseMatch:
            return ""

    def display_name(self, language: str | None = None) -> str:
        return self.safe_translation_getter("name", language_code=language or get_language(), any_language=True, default="")

    def save_translation(self, translation_obj, *args, **kwargs):
        clean_text_fields(translation_obj, single_line=["name"])
        if not translation_obj.slug:
            translation_obj.slug = arabic_slugify(translation_obj.name) or f"section-{self.pk}"
        super().save_translation(translation_obj, *args, **kwargs)


class Article(TranslatableModel):
    """A story: original reporting or republished from a source, with its attribution."""

    class Origin(models.TextChoices):
        ORIGINAL = "original", _("Original reporting")
        REPUBLISHED = "republished", _("Republished")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    translations = TranslatedFields(
        title=models.CharField(
            _("headline"), max_length=300, help_text=_("Do not type the section into the headline; it is shown beside it.")
        ),
        slug=models.SlugField(
            _("slug"), max_length=255, allow_unicode=True, blank=True, help_text=_("Made from the headline when left empty.")
        ),
        summary=models.TextField(_("summary"), blank=True),
        body=ProseEditorField(_("body"), blank=True, config={"extensions": EDITOR_EXTENSIONS}, sanitize=sanitize_html),
        byline=models.CharField(_("byline"), max_length=200, blank=True),
        dateline=models.CharField(_("dateline"), max_length=100, blank=True, help_text=_("Where the story was filed, e.g. Baku.")),
        lead_image_alt=models.CharField(_("image alt text"), max_length=300, blank=True),
        lead_image_caption=models.CharField(_("image caption"), max_length=500, blank=True),
        lead_image_credit_translated=models.CharField(
            _("image credit in this language"),
            max_length=200,
            blank=True,
            help_text=_("Shown to readers of this language. Leave empty to show the credit as written."),
        ),
        seo_title=models.CharField(
            _("search and share title"),
            max_length=200,
            blank=True,
            help_text=_("What search engines and social networks show as the title. Leave empty to use the headline."),
        ),
        seo_description=models.CharField(
            _("search and share description"),
            max_length=500,
            blank=True,
            help_text=_("What search engines and social networks show under the title. Leave empty to use the summary."),
        ),
        disclaimer_text=models.TextField(
            _("published disclaimer"), blank=True, editable=False, help_text=_("Stored when the story is published.")
        ),
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.ORIGINAL)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedArticle, manager=NormalizedTagManager, blank=True)

    lead_image = models.ImageField(
        _("lead image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        validators=[validate_image_file],
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    lead_image_from_source = models.BooleanField(
        _("image taken from the source"), default=False, help_text=_("Tick when the photograph belongs to the source.")
    )
    # The library picture's focal point, copied with its file: cards crop around it without reading the library.
    lead_image_focal_x = models.FloatField(default=0.5, editable=False)
    lead_image_focal_y = models.FloatField(default=0.5, editable=False)
    picture = models.ForeignKey(
        "articles.Picture",
        verbose_name=_("lead picture from the library"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of",
        help_text=_("Choose a picture from the library, or upload a new one below: it joins the library with its credit."),
    )
    # What readers see of the story's gallery (``newsroom.pictures.article_gallery_refresh``): files, sizes,
    # focal points, alt texts, captions and credits, so the page reads no other table to draw it.
    gallery = models.JSONField(default=list, blank=True, editable=False)
    # The library pictures placed in the body (``[picture:<id>]`` paragraphs), stored like ``gallery``
    # by ``newsroom.pictures.article_body_pictures_refresh``: the page replaces each token from it.
    body_pictures = models.JSONField(default=list, blank=True, editable=False)
    share_image = models.ImageField(
        _("share image"),
        upload_to="articles/share/%Y/%m/",
        blank=True,
        validators=[validate_image_file],
        width_field="share_image_width",
        height_field="share_image_height",
        help_text=_("The picture social networks show with a link to the story, best 1200×630 pixels. "
                    "Leave empty to use the lead image."),
    )
    share_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    share_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    source = models.ForeignKey(
        Source,
        verbose_name=pgettext_lazy("news source", "source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("The outlet this story was taken from."),
    )
    via_source = models.ForeignKey(
        Source,
        verbose_name=_("received via"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_articles",
        help_text=_("The partner that carried this story to us, when it is not the outlet that wrote it."),
    )
    original_url = URLField(_("original URL"), max_length=2000, blank=True)
    original_published_at = models.DateTimeField(_("originally published"), null=True, blank=True)
    cited_sources = models.ManyToManyField(
        Source,
        verbose_name=_("cited sources"),
        blank=True,
        related_name="cited_in_articles",
        help_text=_("Agencies and outlets the text cites."),
    )
    disclaimer_template = models.ForeignKey(
        DisclaimerTemplate,
        verbose_name=_("disclaimer template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Leave empty to use the source's template, or the site default."),
    )

    is_breaking = models.BooleanField(
        _("breaking news"),
        default=False,
        help_text=_("Shown in the breaking-news strip at the top of every page for a few hours after publication."),
    )
    do_not_distribute = models.BooleanField(
        _("do not distribute"),
        default=False,
        help_text=_("Keep this story off Telegram channels (set by itself when a source's terms forbid it)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    # Who contributed, as readers see them: kept from ``contributions`` (``people.refresh_credits``).
    credits = models.JSONField(_("credits"), default=list, blank=True, editable=False)
    # Optimistic locking: every save from the admin and every transition raises it by one.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # A new random value after every change to what the story's page shows (``articles.models.renderings``).
    render_stamp = models.BigIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = TranslatableManager.from_queryset(ArticleQuerySet)()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_published"),
            models.Index(fields=["source", "status", "-published_at"], name="article_source_published"),
            models.Index(fields=["-updated_at"], name="article_updated"),
            # The story list's date drill-down: MIN/MAX and "first story after" probes over every state.
            models.Index(fields=["published_at"], name="article_published"),
        ]
        permissions = [
            ("submit_article", _("Can submit articles for review")),
            ("review_article", _("Can review articles and request changes")),
            ("publish_article", _("Can publish and schedule articles")),
            ("withdraw_article", _("Can withdraw and restore articles")),
            ("correct_article", _("Can add corrections to published articles")),
            ("translate_article", _("Can translate articles into languages other than Arabic")),
            ("edit_any_article", _("Can edit any writer's article")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="published", origin="republished") | Q(source__isnull=False),
                name="published_republished_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.safe_translation_getter("title", any_language=True, default=gettext("(untitled)"))

    def save(self, *args, savepoint: bool = True, **kwargs):
        """``savepoint=False`` when the caller's own savepoint already covers this save and is what
        an error rolls back to (ingest's one per item): a savepoint costs two statements."""
        self.prepare_save()
        if kwargs.get("update_fields") is None and not self._state.adding:
            # The credits are kept from the contributions (``people.refresh_credits``), never
            # written back from a copy of the story read before they changed.
            stored = Article.objects.filter(pk=self.pk).values_list("credits", flat=True).first()
            self.credits = self.credits if stored is None else stored
        # The story and its translations are written together or not at all.
        with transaction.atomic(savepoint=savepoint):
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        try:
            return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.safe_translation_getter("slug", any_language=True) or "-"})
        except NoReverseMatch:
            return ""

    def clean(self) -> None:
        errors = {}
        if self.origin == self.Origin.REPUBLISHED:
            if self.status == self.Status.PUBLISHED and not self.source_id:
                errors["source"] = gettext("A republished story cannot be published without its source.")
        if self.status == self.Status.PUBLISHED and not self.published_at:
            errors["published_at"] = gettext("A published story needs a publication time.")
        if errors:
            raise ValidationError(errors)

    def prepare_save(self) -> None:
        """What every save does to the row before writing it (ingest's batch insert calls it too)."""
        clean_uploaded_image(self, "lead_image")
        clean_uploaded_image(self, "share_image")
        clean_text_fields(self, single_line=["lead_image_credit"])
        if self.redistribution_forbidden():
            self.do_not_distribute = True

    def save_translation(self, translation_obj, *args, **kwargs):
        self.prepare_translation(translation_obj)
        super().save_translation(translation_obj, *args, **kwargs)

    def prepare_translation(self, translation_obj) -> None:
        """Every translation is sanitized, cleaned (``sources.text``) and slugged on its way to the database."""
        translation_obj.body = sanitize_html(translation_obj.body)
        if not translation_obj.slug:
            translation_obj.slug = arabic_slugify(translation_obj.title) or "article"
        if self.status == self.Status.PUBLISHED and self.is_republished and not translation_obj.disclaimer_text:
            translation_obj.disclaimer_text = self.render_disclaimer(translation_obj.language_code, stored=False)
        clean_text_fields(translation_obj, single_line=ARTICLE_SINGLE_LINE, multiline=ARTICLE_MULTILINE)

    def image_credit(self, language: str | None = None) -> str:
        """The lead image's credit for readers of ``language``: its translation there, else as written."""
        translated = self.safe_translation_getter(
            "lead_image_credit_translated", language_code=language or get_language(), default=""
        )
        return translated or self.lead_image_credit

    @property
    def is_republished(self) -> bool:
        return self.origin == self.Origin.REPUBLISHED

    def effective_disclaimer_template(self) -> DisclaimerTemplate | None:
        """The article's own template, else the source's, else the site default."""
        if self.disclaimer_template_id:
            return self.disclaimer_template
        if self.source_id and self.source.disclaimer_template_id:
            return self.source.disclaimer_template
        return DisclaimerTemplate.default()

    def render_disclaimer(self, language: str | None = None, *, stored: bool = True) -> str:
        """The republication note in ``language``; "" for original reporting.

        A published story shows the text stored at publication (``stored``), so a later template
        edit never rewrites it. Otherwise the template is rendered; with no template, or none in
        that language, the built-in wording in that language is used, so the note always renders.
        """
        if not self.is_republished:
            return ""
        language = language or get_language() or settings.LANGUAGE_CODE
        if stored and self.has_translation(language):
            text = self.safe_translation_getter("disclaimer_text", language_code=language)
            if text:
                return text
        template = self.effective_disclaimer_template()
        rendered = template.render(source=self.source, language=language) if template else None
        if rendered:
            return rendered
        with translation.override(language):
            return render_placeholders(
                str(FALLBACK_DISCLAIMER),
                source_name=self.source.reader_name(language) if self.source_id else gettext("the original outlet"),
                source_url=self.source.homepage_url if self.source_id else "",
                site_name=site_name(language),
            )

    def store_disclaimers(self) -> None:
        """Freeze the rendered disclaimer into every translation (called when publishing)."""
        for language in self.get_available_languages():
            text = self.render_disclaimer(language, stored=False) if self.is_republished else ""
            self.set_current_language(language)
            self.disclaimer_text = text

    def redistribution_forbidden(self) -> bool:
        """Whether the origin's or the partner's terms forbid pushing the story to other channels."""
        return any(source is not None and not source.terms_redistribution for source in (self.source, self.via_source))

    def is_public(self, at=None) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at <= (at or timezone.now())

    @property
    def is_withdrawn(self) -> bool:
        """Withdrawn stories answer 410 Gone at their public address."""
        return self.status == self.Status.WITHDRAWN

    def state(self, at=None) -> State:
        """The editorial state, with "scheduled" told apart from "published" by the clock."""
        return state_of(self.status, self.published_at, at or timezone.now())

    @property
    def is_scheduled(self) -> bool:
        return self.state() == State.SCHEDULED


class ArticleEvent(models.Model):
    """One step in a story's life (a transition, a restored revision, a correction); append-only."""

    class Kind(models.TextChoices):
        SUBMIT = Action.SUBMIT.value, Action.SUBMIT.label
        REQUEST_CHANGES = Action.REQUEST_CHANGES.value, Action.REQUEST_CHANGES.label
        PUBLISH = Action.PUBLISH.value, _("Published")
        SCHEDULE = Action.SCHEDULE.value, _("Scheduled")
        UNSCHEDULE = Action.UNSCHEDULE.value, _("Unscheduled")
        WITHDRAW = Action.WITHDRAW.value, _("Withdrawn")
        RESTORE = Action.RESTORE.value, _("Restored to draft")
        REVERT = "revert", _("Revision restored")
        CORRECT = "correct", _("Correction added")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)

    class Meta:
        verbose_name = _("article event")
        verbose_name_plural = _("article events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["article", "-at"], name="articleevent_article_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        clean_text_fields(self, multiline=["comment"])
        super().save(*args, **kwargs)


class Correction(models.Model):
    """A dated correction note on a published story; kept for good and shown to readers."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    text = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "language", "created_at"], name="correction_article_lang")]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs):
        clean_text_fields(self, multiline=["text"])
        super().save(*args, **kwargs)
