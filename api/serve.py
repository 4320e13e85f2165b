"""Serve the API under uvicorn, one or several worker processes, with Nagle's algorithm off.

    python -m api.serve --port 8000 --workers 2     # what `vanban serve` and bench/api.py run

With `--workers N`, uvicorn binds the listening socket itself (`Config.bind_socket`) and leaves
its `proto` at 0; accepted sockets inherit it, and asyncio only sets TCP_NODELAY on sockets that
report IPPROTO_TCP. Every keep-alive request after the first then waits ~40 ms for the client's
delayed ACK before the body follows the headers (uvicorn issue #3149). `TcpConfig` hands the
workers the same listening socket re-wrapped as TCP, so each connection gets TCP_NODELAY.
"""

from __future__ import annotations

import argparse
import socket
import sys

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "api.app:create_app"
STARTUP_FAILURE = 3  # uvicorn's exit status when the server could not start


def tcp_listener(sock: socket.socket) -> socket.socket:
    """`sock` itself, or the same listening socket re-wrapped with proto IPPROTO_TCP (an IP socket
    created without a proto) so that asyncio turns TCP_NODELAY on for the connections it accepts."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    inheritable = sock.get_inheritable()
    fixed = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    fixed.set_inheritable(inheritable)
    return fixed


class TcpConfig(uvicorn.Config):
    """uvicorn's Config whose pre-bound socket (the one shared by `--workers`) reads as TCP."""

    def bind_socket(self) -> socket.socket:
        return tcp_listener(super().bind_socket())


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    *,
    log_level: str = "info",
    access_log: bool = True,
    timeout_keep_alive: int = 5,
) -> None:
    """Serve `create_app()` on host:port with `workers` processes (as `uvicorn.run` does)."""
    config = TcpConfig(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=access_log,
        timeout_keep_alive=timeout_keep_alive,
    )
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    server = uvicorn.Server(config)
    server.run()  # one process: asyncio binds from getaddrinfo, which already sets IPPROTO_TCP
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m api.serve", description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1", help="Interface to listen on (default 127.0.0.1).")
    ap.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
    ap.add_argument("--workers", type=int, default=1, help="Worker processes (default 1).")
    ap.add_argument("--log-level", default="info", help="uvicorn log level (default info).")
    ap.add_argument("--no-access-log", action="store_true", help="Do not log each request.")
    ap.add_argument("--timeout-keep-alive", type=int, default=5, help="Seconds an idle connection is kept.")
    args = ap.parse_args(argv)
    if args.workers < 1:
        ap.error("--workers must be at least 1")
    serve(
        args.host,
        args.port,
        args.workers,
        log_level=args.log_level,
        access_log=not args.no_access_log,
        timeout_keep_alive=args.timeout_keep_alive,
    )


if __name__ == "__main__":
    main()
