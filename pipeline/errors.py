"""The errors vanban raises on purpose. Anything else is a bug and surfaces as one."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error raised on purpose; its message names the input and the fix."""


class IngestError(PipelineError):
    """A file could not be read into a document."""


class UnsupportedFormat(IngestError):
    """No reader for this file's extension or content."""


class EncodingError(IngestError):
    """The bytes could not be decoded into Vietnamese text."""


class FileTooLarge(IngestError):
    """The file exceeds the configured size limit."""


class EmptyDocument(IngestError):
    """The file holds no text (empty, only furniture, or an image with no OCR)."""


class ToolMissing(IngestError):
    """A converter this format needs (antiword, tesseract, LibreOffice) is not installed."""


class StoreError(PipelineError):
    """The store could not be read or written."""


class DocumentNotFound(StoreError):
    """No document with this id."""


class ConfigError(PipelineError):
    """A bad combination of settings."""
