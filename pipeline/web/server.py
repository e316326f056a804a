"""``vnfacts serve``: the explorer on a local port, with uvicorn.

The socket is bound here before uvicorn starts, so that a port in use is one
clear line, and ``--port 0`` picks a free port and says which."""
from __future__ import annotations

import socket
import sys
from typing import TextIO

import uvicorn

from . import charts
from .app import create_app

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        # Listening before the address is announced: a client that connects at once waits in the
        # backlog until uvicorn accepts, instead of being refused.
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, out: TextIO = sys.stdout) -> None:
    """Open the store read-only and serve it until Ctrl-C. Raises OSError (port) or QueryError/FileNotFoundError (store)."""
    app = create_app(db)
    # vl-convert starts its JavaScript engine on the first chart (a second or two, holding the
    # interpreter): start it before serving, so that no request waits for it.
    charts.svg(charts.empty_spec(""))
    sock = bind(host, port)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{sock.getsockname()[1]}/"
    print(f"vnfacts serve: {db} (read-only) at {url}  (Ctrl-C stops)", file=out, flush=True)
    for warning in app.state.explorer.warnings:
        print(f"vnfacts serve: warning: {warning}", file=out, flush=True)
    if host not in LOOPBACK:
        print(f"vnfacts serve: listening on {host}, not only this machine: anyone who can reach it on port "
              f"{sock.getsockname()[1]} can read the store", file=out, flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
