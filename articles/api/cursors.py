"""Opaque cursors for keyset paging: where the last page ended, in the list's order.

A cursor is the ordering value and id of the last story a client saw, in URL-safe base64. It
carries no filter: the client sends its filters again with it, as the ``next`` link does.
Anything that does not decode to a cursor of the list's order is a client error (400).
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime


class BadCursor(ValueError):
    """The ``cursor`` parameter is not one this API gave out for this list."""


@dataclass(frozen=True)
class Order:
    """A list's keyset order: the indexed field and its direction (the id breaks ties)."""

    name: str
    field: str
    ascending: bool


# The newest stories first, as the site lists them; with ``since`` the oldest change first, so a
# client that follows ``next`` until it is null has seen every change and can ask again later.
NEWEST = Order("newest", "published_at", ascending=False)
CHANGED = Order("changed", "updated_at", ascending=True)


@dataclass(frozen=True)
class Cursor:
    value: datetime
    pk: int


def encode(order: Order, value: datetime, pk: int) -> str:
    raw = json.dumps([order.name, value.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(order: Order, text: str | None) -> Cursor | None:
    """The cursor ``text`` stands for; None for the first page. Raises BadCursor."""
    if not text:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        name, value, pk = json.loads(raw)
        moment = datetime.fromisoformat(value)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise BadCursor(text) from None
    if name != order.name or not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63 or moment.tzinfo is None:
        raise BadCursor(text)
    return Cursor(moment, pk)


def encode_offset(kind: str, offset: int) -> str:
    """A cursor for lists without a stable key (search results, ranked): the position reached."""
    raw = json.dumps([kind, offset], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_offset(kind: str, text: str | None, *, limit: int) -> int:
    if not text:
        return 0
    try:
        name, offset = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise BadCursor(text) from None
    if name != kind or not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= limit:
        raise BadCursor(text)
    return offset


def encode_text(kind: str, value: str) -> str:
    """A cursor for lists ordered by a unique text (tags by slug): the last one seen."""
    raw = json.dumps([kind, value], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_text(kind: str, text: str | None) -> str | None:
    if not text:
        return None
    try:
        name, value = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise BadCursor(text) from None
    if name != kind or not isinstance(value, str) or "\x00" in value:
        raise BadCursor(text)
    return value
