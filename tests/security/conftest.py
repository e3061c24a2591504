"""The security tests' own Rasa server (guarded.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from guarded import guarded_server

from launcher.settings import Settings


@pytest.fixture(scope="session")
def guarded(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    with guarded_server(redis_url, tmp_path_factory.mktemp("guarded")) as settings:
        yield settings
