"""Opaque cursors for list routes: the client passes back `next_cursor` as `cursor`.

A cursor is URL-safe base64 of a small JSON object (`{"o": 40}`: the offset of the next
page; `{"a": "<id>"}`: the last id seen). Clients must not build them; a cursor that does not
decode is a 422.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from api.errors import ApiError


def encode_cursor(**state: Any) -> str:
    raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    """The cursor's state ({} for no cursor); 422 when it is not one of ours."""
    if not cursor:
        return {}
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        state = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as err:
        raise ApiError(
            422,
            "invalid_request",
            "query parameter cursor: not a cursor this API gave out "
            "(pass `next_cursor` from the previous page)",
        ) from err
    if not isinstance(state, dict):
        raise ApiError(422, "invalid_request", "query parameter cursor: not a cursor this API gave out")
    return state


def offset_of(cursor: str | None, max_offset: int = 100_000) -> int:
    """The offset a cursor points at (0 without one)."""
    state = decode_cursor(cursor)
    offset = state.get("o", 0)
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= max_offset:
        raise ApiError(422, "invalid_request", "query parameter cursor: not a cursor this API gave out")
    return offset


def next_offset_cursor(offset: int, returned: int, total: int) -> str | None:
    end = offset + returned
    return encode_cursor(o=end) if returned and end < total else None
