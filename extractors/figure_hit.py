"""Figure hit: a number found with its unit and qualifier, before its kind is decided."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    value: float
    total: float | None
    unit: str | None
    group: str
    qualifier: str
    unit_start: int  # where the unit phrase starts (subject search)
    unit_end: int
    core: int  # where the number itself starts, after any qualifier
