"""Data files of the index package: search synonyms and the topic taxonomy."""
