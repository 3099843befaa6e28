"""Who reads the outbox. Each consumer turns a due story event into its own delivery rows, and
names the task that sends one of them; later channels (Telegram, WebSub, IndexNow) register here
the same way webhooks do, and get the same guarantees: handed each event once, after commit, and
swept up again when a worker stopped half-way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from articles.models import StoryEvent


@dataclass(frozen=True)
class Consumer:
    name: str
    # Create the delivery rows for a due event (inside the dispatch transaction); their ids.
    fan_out: Callable[[StoryEvent], list[int]]
    # Delivery ids that should have been sent by ``now`` and that no worker holds (lost work).
    overdue: Callable[[datetime], list[int]]
    # The task that sends one delivery, given its id.
    task: object


_CONSUMERS: dict[str, Consumer] = {}


def register(consumer: Consumer) -> None:
    """Add ``consumer`` to the outbox's readers (idempotent: one per name)."""
    _CONSUMERS[consumer.name] = consumer


def registered() -> list[Consumer]:
    return list(_CONSUMERS.values())
