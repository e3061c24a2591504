"""A member of staff at the console over HTTP, as a browser would send it: with the
Origin header, and the CSRF token of the page's forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import requests

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class StaffClient:
    def __init__(self, base_url: str, forwarded_for: str | None = None) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.http.headers["Accept"] = "text/html"
        if forwarded_for:
            self.http.headers["X-Forwarded-For"] = forwarded_for
        self.csrf_token = ""

    def login(self, username: str, password: str) -> requests.Response:
        """Sign in through the login form; remembers the CSRF token of the first page."""
        form = self.get("/login")
        reply = self.post(
            "/login",
            {"username": username, "password": password, "csrf_token": _token(form.text)},
        )
        if reply.status_code == 303:
            home = self.http.get(self.base_url + "/", timeout=30)  # the role's home page
            self.csrf_token = _token(home.text)
        return reply

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base_url + path, allow_redirects=False, timeout=30, **kwargs)

    def post(
        self, path: str, data: dict[str, str] | None = None, **kwargs: Any
    ) -> requests.Response:
        """A form posted from a page of the console (token added unless given)."""
        headers = {"Origin": self.base_url, **kwargs.pop("headers", {})}
        fields = {"csrf_token": self.csrf_token, **(data or {})}
        return self.http.post(
            self.base_url + path,
            data=fields,
            headers=headers,
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )

    def events(self, path: str) -> Iterator[tuple[str, str]]:
        """The server-sent events of `path`, as (event name, data), as they come."""
        reply = self.http.get(
            self.base_url + path, stream=True, timeout=60, headers={"Accept": "text/event-stream"}
        )
        assert reply.status_code == 200, reply.status_code
        name, data = "", []
        for line in reply.iter_lines(decode_unicode=True):
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data.append(line.removeprefix("data: "))
            elif not line and name:
                yield name, "\n".join(data)
                name, data = "", []


def _token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)
