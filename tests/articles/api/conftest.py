"""The read API's fixtures: the newsroom's stories (tests/articles/conftest.py), keys, the ninjs schema."""

import json
from pathlib import Path

import jsonschema
import pytest

from articles.models import ApiKey

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "articles" / "api" / "schema" / "ninjs-schema_2.2.json"


@pytest.fixture(scope="session")
def ninjs_validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def make_key(editor):
    def make(**kwargs) -> tuple[ApiKey, str]:
        key = ApiKey(name=kwargs.pop("name", "تطبيق الجوال"), owner=editor, **kwargs)
        plain = key.issue()
        key.save()
        return key, plain

    return make
