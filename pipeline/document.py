"""Core types: what a reader returns and what the rest of the system works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Format(StrEnum):
    TXT = "txt"
    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"


@dataclass(frozen=True, slots=True)
class RawText:
    """A reader's output: decoded text before normalization.

    Tables are rendered as lines of cells joined by " | ", whatever the format,
    so that extractors read one table syntax.
    """

    text: str
    format: Format
    encoding: str
    repairs: tuple[str, ...] = ()
    page_starts: tuple[int, ...] = (0,)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from and what was done to its text."""

    path: str
    format: Format
    encoding: str
    size: int
    repairs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A normalized document: every offset in the system points into `text`."""

    id: str  # sha256 of the source bytes
    text: str
    source: Source
    page_starts: tuple[int, ...] = (0,)
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
