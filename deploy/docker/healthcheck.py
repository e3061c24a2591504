"""The images' HEALTHCHECK: `python healthcheck.py PORT_VARIABLE DEFAULT_PORT PATH`.

Asks `http://127.0.0.1:$PORT_VARIABLE/PATH` (DEFAULT_PORT when the variable is unset) and
exits 0 on a 2xx answer, 1 otherwise. The standard library only: the images have no curl.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 4


def check(port_variable: str, default_port: str, path: str) -> int:
    port = os.environ.get(port_variable) or default_port
    url = f"http://127.0.0.1:{int(port)}/{path.lstrip('/')}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        print(f"{url}: {type(error).__name__}", file=sys.stderr)
        return 1
    if 200 <= status < 300:
        return 0
    print(f"{url}: HTTP {status}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(check(*sys.argv[1:4]))
