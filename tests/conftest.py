"""Shared fixtures: paths to the in-repo corpus and to ../shared (optional)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "raw"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "test.db")


@pytest.fixture
def shared_raw() -> Path:
    raw = SHARED / "corpus" / "raw"
    if not raw.is_dir():
        pytest.skip(f"{raw} is absent: the shared corpus is not checked out beside this repo")
    return raw
