"""Plain fields are stored with letters, not Arabic presentation forms, and slugs keep digit groups apart."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_presentation_forms_are_folded_on_save_and_the_slug_follows():
    # "ﻻ" (lam-alef ligature) and shaped letters, as a PDF copy gives them.
    article = make_article(title="\ufefb تراجع عن اجتماع 14:30", body="<p>\ufe8d\ufedf\ufe98\ufeae\ufe8e\ufe9f\ufeca</p>")
    article.refresh_from_db()
    article.set_current_language("ar")
    assert article.title == "لا تراجع عن اجتماع 14:30"
    assert article.body == "<p>التراجع</p>"
    assert article.slug == "لا-تراجع-عن-اجتماع-14-30"
