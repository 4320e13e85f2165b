"""The shared reader of the extractors' TSV data files."""

from __future__ import annotations

import pytest

from extractors.tsv import data_rows, text_rows

TEXT = (
    "# tỉnh và thành phố sau sáp nhập\n"
    "code\tname\tkind\n"
    "\n"
    "01\t Hà Nội \tthành phố\n"
    "# Lào Cai gồm cả Yên Bái cũ\n"
    "15\tLào Cai\ttỉnh\n"
)


def test_text_rows_skip_comments_blank_lines_and_header() -> None:
    assert list(text_rows(TEXT, "provinces.tsv", 3)) == [
        (4, ["01", "Hà Nội", "thành phố"]),
        (6, ["15", "Lào Cai", "tỉnh"]),
    ]


def test_text_rows_name_file_and_line_of_a_bad_row() -> None:
    with pytest.raises(ValueError, match=r"^provinces\.tsv:7: expected 3 tab-separated columns, got 2$"):
        list(text_rows(TEXT + "08\tTuyên Quang\n", "provinces.tsv", 3))


def test_text_rows_without_width_keep_every_row() -> None:
    assert [cols for _n, cols in text_rows("a\tb\nUBND\tỦy ban nhân dân\nHĐND\n", "abbreviations.tsv")] == [
        ["UBND", "Ủy ban nhân dân"],
        ["HĐND"],
    ]


def test_data_rows_read_the_packaged_files() -> None:
    rows = list(data_rows("time_words.tsv", 3))
    assert rows and all(len(cols) == 3 and cols[0] for _n, cols in rows)
