"""Whole-site backups: every content row and every media file in one zip archive.

The archive holds ``manifest.json``, one JSON file per model under ``data/`` (Django's
serialization, natural keys for users, groups, permissions, content types and tags, so it loads
into any database, SQLite or PostgreSQL) and the media files under ``media/``. Primary keys are
kept, so revisions and events that name objects by id still point at the right ones.

Which models: every model of the project's apps (``articles``, ``sources``) and of the apps that
hold their tags, revisions and history (taggit, django-reversion, the admin log) when installed,
plus users and groups. Sessions, login attempts and content types are not content.
"""

import datetime
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import ListedStory

FORMAT = "khabar-site-export"
VERSION = 1
# Apps whose every model is content, in dependency order; missing ones are skipped.
CONTENT_APPS = ["taggit", "sources", "articles", "reversion"]
EXTRA_MODELS = ["auth.group", "auth.user", "admin.logentry"]
# Rows that a fresh `migrate` creates by itself (the roles, the default debris rules), and an import may replace.
RECREATED_BY_MIGRATE = {"auth.group", "articles.debrisrule"}
# Rows made from the others, made again after a restore: the stored renderings (by the fill task)
# and the public site's lists (``ListedStory.objects.rebuild``, at the end of the restore).
DERIVED = {"articles.storedrendering", "articles.listedstory"}


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def content_models() -> list[type[models.Model]]:
    """Every model a backup holds, ordered so natural-key dependencies load first."""
    chosen: dict[str, list[type[models.Model]]] = {}
    for label in CONTENT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue  # e.g. django-reversion not installed
        chosen.setdefault(config.label, []).extend(m for m in config.get_models() if m._meta.label_lower not in DERIVED)
    for name in EXTRA_MODELS:
        try:
            model = apps.get_model(name)
        except LookupError:
            continue
        chosen.setdefault(model._meta.app_label, []).append(model)
    app_list = [(apps.get_app_config(label), models_) for label, models_ in chosen.items()]
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _media_names(storage, folder: str = "") -> Iterable[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in sorted(folders):
        yield from _media_names(storage, str(PurePosixPath(folder, sub)) if folder else sub)


def export_site(path, *, storage=default_storage) -> dict:
    """Write the whole site into the zip archive ``path``; return the manifest."""
    manifest = {"format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(), "models": [], "media": []}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        # One consistent snapshot of the database while the rows are read: SQLite's read
        # transaction gives one; PostgreSQL needs REPEATABLE READ, set before the first query.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for number, model in enumerate(content_models(), start=1):
                label = model._meta.label_lower
                name = f"data/{number:03d}-{label}.json"
                queryset = model._base_manager.order_by("pk")
                with archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as stream:
                    serializers.serialize("json", queryset.iterator(chunk_size=500), stream=stream, indent=1,
                                          use_natural_foreign_keys=True, cls=FullPrecisionEncoder)
                manifest["models"].append({"model": label, "file": name, "count": queryset.count()})
        for media_name in _media_names(storage):
            with storage.open(media_name, "rb") as source, archive.open(f"media/{media_name}", "w") as target:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    target.write(chunk)
            manifest["media"].append(media_name)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def existing_content() -> dict[str, int]:
    """Rows already in the database that an import would collide with, by model label."""
    counts = {}
    for model in content_models():
        label = model._meta.label_lower
        if label in RECREATED_BY_MIGRATE:
            continue
        count = model._base_manager.count()
        if count:
            counts[label] = count
    return counts


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError):
        raise ValidationError(gettext("This file is not a Khabar site export: it has no manifest.")) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ValidationError(gettext("This file is not a Khabar site export of a version this site can read."))
    return manifest


@transaction.atomic
def import_site(path, *, storage=default_storage) -> dict:
    """Restore the archive ``path`` into an empty database; refuse if content is already there."""
    present = existing_content()
    if present:
        summary = ", ".join(f"{label}: {count}" for label, count in sorted(present.items()))
        raise ValidationError(
            gettext("The database is not empty (%(summary)s). A site export is restored only into an empty "
                    "database: create a new one and run migrate first.") % {"summary": summary}
        )
    with zipfile.ZipFile(path) as archive:
        manifest = _read_manifest(archive)
        known = {model._meta.label_lower: model for model in content_models()}
        missing = [entry["model"] for entry in manifest["models"] if entry["model"] not in known]
        if missing:
            raise ValidationError(
                gettext("The export holds data this site has no place for: %(models)s.") % {"models": ", ".join(missing)}
            )
        # Groups and debris rules that migrate created by itself give way to the exported ones.
        for label in RECREATED_BY_MIGRATE & set(known):
            known[label]._base_manager.all().delete()
        loaded = []
        with connection.constraint_checks_disabled():
            deferred = []
            for entry in manifest["models"]:
                with archive.open(entry["file"]) as raw:
                    for item in serializers.deserialize("json", io.TextIOWrapper(raw, encoding="utf-8"),
                                                        handle_forward_references=True):
                        item.save()
                        if item.deferred_fields:
                            deferred.append(item)
                loaded.append(known[entry["model"]])
            for item in deferred:
                item.save_deferred_fields()
        connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
        _reset_sequences(loaded)
        ListedStory.objects.rebuild()
        for media_name in manifest["media"]:
            _restore_media(archive, media_name, storage)
    return manifest


def _reset_sequences(loaded: list[type[models.Model]]) -> None:
    """Let new rows continue after the imported ids (PostgreSQL sequences)."""
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _restore_media(archive: zipfile.ZipFile, name: str, storage) -> None:
    if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
        raise ValidationError(gettext("The export names a media file outside the media folder: %(name)s.") % {"name": name})
    data = archive.read(f"media/{name}")
    if storage.exists(name):
        with storage.open(name, "rb") as current:
            if current.read() == data:
                return
        storage.delete(name)
    stored = storage.save(name, ContentFile(data))
    if stored != name:
        raise ValidationError(gettext("The media file %(name)s could not be restored under its own name.") % {"name": name})
