"""The one Settings object, read from VANBAN_* environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import ConfigError


class Settings(BaseSettings):
    """Runtime configuration. Built once by the CLI or `create_app` and passed down."""

    model_config = SettingsConfigDict(env_prefix="VANBAN_", extra="ignore")

    db: Path = Path("vanban.db")
    store: Literal["sqlite", "elasticsearch"] = "sqlite"
    es_url: str | None = None
    es_index_prefix: str = "vanban"
    max_file_mb: float = 50.0
    max_unzipped_mb: float = 200.0
    ocr: bool = True
    api_keys: str = ""  # comma-separated
    read_requires_key: bool = False

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.store == "elasticsearch" and not self.es_url:
            raise ConfigError("VANBAN_STORE=elasticsearch needs VANBAN_ES_URL (e.g. http://localhost:9200)")
        if self.max_file_mb <= 0:
            raise ConfigError("VANBAN_MAX_FILE_MB must be positive")
        return self

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * 1024 * 1024)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k.strip() for k in self.api_keys.split(",") if k.strip())
