"""Extractors: pure functions from normalized text to records.

Each module defines one record type and `find_<kind>s(text)`. Nothing here imports
from the rest of the project, so every extractor can be tested with a string alone.
"""
