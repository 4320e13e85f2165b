"""The topic taxonomy as the index and the API use it; the model is `extractors/topics.py`."""

from __future__ import annotations

from extractors.topics import THRESHOLD, Topic, document_topics, own_topics, taxonomy, topic_name, topic_slug

__all__ = ["THRESHOLD", "Topic", "document_topics", "own_topics", "taxonomy", "topic_name", "topic_slug"]
