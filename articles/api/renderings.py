"""The story's ninjs document as a stored rendering (``articles.public.stored``): built once per
change of the story by a task, read by the detail endpoint in one query."""

from articles.api import queries
from articles.api.documents import story_document
from articles.api.http import dumps
from articles.public import stored


@stored.register("api")
def build_document(pk: int, language: str) -> tuple[str, dict] | None:
    """Public story ``pk``'s document in ``language``, with its addresses on ``stored.ORIGIN``."""
    article = queries.story_get(pk)
    if article is None or not article.is_public() or not article.has_translation(language):
        return None  # a scheduled story's document says "withheld" until its time: not stored
    extras = queries.load_documents_data([article], language)
    return dumps(story_document(article, extras[pk], base=stored.ORIGIN, language=language)), {}
