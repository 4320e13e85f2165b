"""API keys: writes always need one; reads only with VANBAN_READ_REQUIRES_KEY.

A key comes as `Authorization: Bearer <key>` or `X-API-Key: <key>` and is compared with
every configured key (`VANBAN_API_KEYS`, comma-separated) by `hmac.compare_digest`, all of
them every time, so the answer's timing does not say how much of a key was right.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from pipeline.settings import Settings

bearer = HTTPBearer(auto_error=False, scheme_name="bearer", description="`Authorization: Bearer <key>`")
api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, scheme_name="apiKey", description="`X-API-Key: <key>`"
)

Bearer = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
HeaderKey = Annotated[str | None, Security(api_key_header)]

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="vanban"'}


def key_matches(given: str, keys: tuple[str, ...]) -> bool:
    """Whether `given` equals one of `keys`, in time independent of where they differ."""
    given_b = given.encode("utf-8")
    found = False
    for key in keys:
        found |= hmac.compare_digest(given_b, key.encode("utf-8"))
    return found


def check_key(settings: Settings, given: list[str], action: str) -> None:
    """Raise 403 when no key is configured, 401 when no key is given or any key given is wrong.

    A request carrying both headers must have both right: a wrong credential is never
    outvoted by a right one.
    """
    keys = settings.keys
    if not keys:
        raise ApiError(
            403,
            "forbidden",
            f"{action} is disabled on this server: no API key is configured "
            "(the operator sets VANBAN_API_KEYS)",
        )
    if not given:
        raise ApiError(
            401,
            "unauthorized",
            f"{action} needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
            _CHALLENGE,
        )
    if not all([key_matches(g, keys) for g in given]):  # a list: every key is compared
        raise ApiError(401, "unauthorized", "invalid API key", _CHALLENGE)


def _given(request: Request, header_key: str | None) -> list[str]:
    """Every key the request carries. An Authorization header that is not `Bearer <key>` counts as a
    wrong key (HTTPBearer alone would ignore it and let another header decide)."""
    given = [] if header_key is None else [header_key]
    authorization = request.headers.get("authorization")
    if authorization is not None:
        scheme, _, token = authorization.strip().partition(" ")
        given.append(token.strip() if scheme.lower() == "bearer" and token.strip() else "\0not a bearer key")
    return given


async def require_write_key(
    request: Request,
    credentials: Bearer = None,  # declared for the OpenAPI security scheme; read raw in _given
    header_key: HeaderKey = None,
) -> None:
    """Dependency of every write route (POST, DELETE)."""
    check_key(request.app.state.settings, _given(request, header_key), "writing")


async def require_read_key(
    request: Request,
    credentials: Bearer = None,  # declared for the OpenAPI security scheme; read raw in _given
    header_key: HeaderKey = None,
) -> None:
    """Dependency of read routes when VANBAN_READ_REQUIRES_KEY is set."""
    check_key(request.app.state.settings, _given(request, header_key), "reading")
