"""The Elasticsearch index templates: the Vietnamese analysis chain and both indices' mappings.

`index/elastic.py` describes the analyzers (`vi_index`, `vi_folded`, `vi_exact`,
`vi_search_synonyms`) and how queries use them.
"""

from __future__ import annotations

from typing import Any

from index.query import synonyms
from pipeline.normalize_text import normalize_tone_marks


def analysis() -> dict[str, Any]:
    """The Vietnamese analysis settings shared by both indices."""
    tone_rules = [f"{old} => {normalize_tone_marks(old)}" for old in _old_tones()]
    synonym_rules = []
    for forms in synonyms().classes:
        folded = sorted({" ".join(f.folded) for f in forms})
        if len(folded) > 1:
            synonym_rules.append(", ".join(folded))
    return {
        "char_filter": {
            "vi_tones": {"type": "mapping", "mappings": tone_rules},
            "vi_d": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]},
            # FTS5's unicode61 splits "TP.HCM" and "a_b"; UAX#29 would keep them whole
            "vi_split": {"type": "pattern_replace", "pattern": "[._'’]", "replacement": " "},
        },
        "filter": {
            "vi_fold_keep": {"type": "asciifolding", "preserve_original": True},
            "vi_fold": {"type": "asciifolding", "preserve_original": False},
            "vi_synonyms": {"type": "synonym_graph", "synonyms": synonym_rules, "lenient": True},
        },
        "analyzer": {
            "vi_index": {
                "type": "custom",
                "char_filter": ["vi_tones", "vi_d", "vi_split"],
                "tokenizer": "standard",
                "filter": ["lowercase", "vi_fold_keep"],
            },
            "vi_folded": {
                "type": "custom",
                "char_filter": ["vi_tones", "vi_d", "vi_split"],
                "tokenizer": "standard",
                "filter": ["lowercase", "vi_fold"],
            },
            "vi_exact": {
                "type": "custom",
                "char_filter": ["vi_tones", "vi_split"],
                "tokenizer": "standard",
                "filter": ["lowercase"],
            },
            "vi_search_synonyms": {
                "type": "custom",
                "char_filter": ["vi_tones", "vi_d", "vi_split"],
                "tokenizer": "standard",
                "filter": ["lowercase", "vi_fold", "vi_synonyms"],
            },
        },
        "normalizer": {
            "vi_keyword": {
                "type": "custom",
                "char_filter": ["vi_d"],
                "filter": ["lowercase", "asciifolding"],
            },
        },
    }


def _old_tones() -> list[str]:
    """Old-style tone placements (oà, uỷ, OÀ …) that `normalize_tone_marks` rewrites."""
    import unicodedata

    out = []
    for first, seconds in (("o", "ae"), ("u", "y")):
        for f in (first, first.upper()):
            for second in seconds + seconds.upper():
                for tone in "\u0300\u0301\u0309\u0303\u0323":
                    old = f + unicodedata.normalize("NFC", second + tone)
                    if normalize_tone_marks(old) != old:
                        out.append(old)
    return sorted(out)


def _text(with_keyword: bool = False) -> dict[str, Any]:
    fields: dict[str, Any] = {"exact": {"type": "text", "analyzer": "vi_exact"}}
    if with_keyword:
        fields["keyword"] = {"type": "keyword", "ignore_above": 512}
    return {"type": "text", "analyzer": "vi_index", "search_analyzer": "vi_folded", "fields": fields}


KEYWORD = {"type": "keyword"}
DOCUMENT_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "id": KEYWORD,
        "path": KEYWORD,
        "source": KEYWORD,
        "format": KEYWORD,
        "encoding": KEYWORD,
        "size": {"type": "long"},
        "doc_type": KEYWORD,
        "title": _text(with_keyword=True),
        "text": _text(),
        "number": KEYWORD,
        "issued_date": {"type": "date", "format": "strict_date"},
        "year": {"type": "integer"},
        "issuer": {"type": "keyword", "fields": {"words": {"type": "text", "analyzer": "vi_folded"}}},
        "provinces": KEYWORD,
        "current_provinces": KEYWORD,
        "topics": KEYWORD,
        "agency_kinds": KEYWORD,
        "roles": KEYWORD,
        "figure_kinds": KEYWORD,
        "ingested_at": {"type": "date"},
        "counts": {"type": "object", "enabled": False},
        "record": {"type": "object", "enabled": False},
        "repairs": {"type": "object", "enabled": False},
        "page_starts": {"type": "object", "enabled": False},
    },
}
RECORD_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "doc_id": KEYWORD,
        "kind": KEYWORD,
        "idx": {"type": "integer"},
        "sort_key": KEYWORD,
        "text": {"type": "text", "analyzer": "vi_index", "search_analyzer": "vi_folded"},
        "actor": {"type": "text", "analyzer": "vi_index", "search_analyzer": "vi_folded"},
        "subject": {
            "type": "text",
            "analyzer": "vi_index",
            "search_analyzer": "vi_folded",
            "fields": {"keyword": {"type": "keyword", "normalizer": "vi_keyword"}},
        },
        "body": {"type": "text", "analyzer": "vi_index", "search_analyzer": "vi_folded"},
        "agency_kind": KEYWORD,
        "role": KEYWORD,
        "figure_kind": KEYWORD,
        "province": KEYWORD,
        "current": KEYWORD,
        "due_start": {"type": "date", "format": "strict_date"},
        "due_end": {"type": "date", "format": "strict_date"},
        "due": {"type": "date", "format": "strict_date"},
        "value": {"type": "double"},
        "topics": KEYWORD,
        "start": {"type": "integer"},
        "end": {"type": "integer"},
        "evidence": {"type": "text", "index": False},
        "data": {"type": "object", "enabled": False},
        "doc_title": {"type": "text", "index": False},
        "doc_type": KEYWORD,
        "issued_date": {"type": "date", "format": "strict_date"},
        "year": {"type": "integer"},
    },
}


def index_templates(prefix: str) -> dict[str, dict[str, Any]]:
    """{template name: put_index_template arguments} for the documents and records indices."""
    settings = {"analysis": analysis(), "number_of_shards": 1}
    return {
        f"{prefix}-documents": {
            "index_patterns": [f"{prefix}-documents*"],
            "priority": 200,
            "template": {"settings": settings, "mappings": DOCUMENT_MAPPING},
        },
        f"{prefix}-records": {
            "index_patterns": [f"{prefix}-records*"],
            "priority": 200,
            "template": {"settings": settings, "mappings": RECORD_MAPPING},
        },
    }
