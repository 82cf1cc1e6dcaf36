"""Domain events: the past-tense facts every write emits, stored in the append-only event table.

Names are past tense (`CustomerCreated`); `aggregate` + `aggregate_id` say what changed; `payload` holds
what a listener needs without reading the database again (JSON-serialisable values only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    type: str
    aggregate: str
    aggregate_id: int | str
    payload: dict[str, Any] = field(default_factory=dict)


def event(type_: str, aggregate: str, aggregate_id: int | str, **payload: Any) -> Event:
    return Event(type_, aggregate, aggregate_id, payload)
