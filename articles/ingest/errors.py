"""A feed-level failure, raised by fetching and parsing with one of the stable codes whose
messages live beside the table that stores them (``articles.models.ingest.MESSAGES``)."""

from articles.models.ingest import render_message


def too_large(limit_bytes: int) -> "IngestError":
    return IngestError("too_large", megabytes=f"{limit_bytes / (1024 * 1024):g}")


class IngestError(Exception):
    """A feed-level failure: the feed is marked failed with this message, and the run goes on."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = {key: str(value) for key, value in params.items()}

    def __str__(self) -> str:
        return render_message(self.code, self.params)
