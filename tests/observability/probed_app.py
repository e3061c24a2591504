"""A small Sanic service with `observability` installed, for the tests:
`python tests/observability/probed_app.py PORT WORKERS FLAG_FILE`.

It is ready while FLAG_FILE exists; the gauge of the handoff queue reads its number."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sanic import Request, Sanic
from sanic.response import HTTPResponse, text

from observability import logs, web
from observability.metrics import HANDOFF_QUEUE_LENGTH
from observability.readiness import Check

app = Sanic("probed")
FLAG = Path(sys.argv[3])


@app.get("/conversations/<sender_id>/messages")
async def messages(_: Request, sender_id: str) -> HTTPResponse:
    return text(str(os.getpid()))


@app.get("/boom")
async def boom(_: Request) -> HTTPResponse:
    raise ValueError("Sophie Durand 06 11 22 33 44")


async def flag_exists() -> bool:
    return FLAG.exists()


web.install(
    app,
    "probed",
    ready_checks=[Check("flag", flag_exists), Check("always", lambda: True, blocking=True)],
    gauges={HANDOFF_QUEUE_LENGTH: lambda: float(FLAG.read_text() or 0)},
)

if __name__ == "__main__":
    logs.configure("probed", "json")
    app.run(host="127.0.0.1", port=int(sys.argv[1]), workers=int(sys.argv[2]), access_log=False)
