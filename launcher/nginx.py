"""A local nginx in front of the Rasa server replicas (RASA_REPLICAS above 1).

It runs from `deploy/nginx/assistant.conf.template`, the same server block as the
containers' nginx, rendered as the official nginx image renders its templates.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from launcher.settings import ROOT, Settings

TEMPLATE = ROOT / "deploy" / "nginx" / "assistant.conf.template"
VARIABLE = re.compile(r"\$\{([A-Z_]+)\}")

# The main context around the server block: unprivileged, in the foreground, every
# file under the run folder.
MAIN_CONFIG = """daemon off;
worker_processes 1;
pid {run}/nginx.pid;
error_log stderr warn;
events {{
    worker_connections 4096;
}}
http {{
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    include {run}/assistant.conf;
}}
"""


def render(template: str, variables: Mapping[str, str]) -> str:
    """`${NAME}` replaced by its value, as envsubst does; an unknown name is an error."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise KeyError(f"{TEMPLATE.name} needs {name}")
        return variables[name]

    return VARIABLE.sub(value, template)


def write_config(settings: Settings, replica_ports: Sequence[int]) -> Path:
    """Write the configuration of a local nginx on RASA_PORT; returns its main file."""
    run = settings.run_dir / "nginx"
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / folder).mkdir(parents=True, exist_ok=True)
    servers = " ".join(f"server 127.0.0.1:{port};" for port in replica_ports)
    variables = {
        "LISTEN_PORT": f"127.0.0.1:{settings.rasa_port}",
        "RASA_UPSTREAM_SERVERS": servers,
        "MAX_BODY_SIZE": str(settings.max_body_bytes),
    }
    (run / "assistant.conf").write_text(render(TEMPLATE.read_text("utf-8"), variables), "utf-8")
    main = run / "nginx.conf"
    main.write_text(MAIN_CONFIG.format(run=run), "utf-8")
    return main


def command(settings: Settings, config: Path) -> list[str]:
    """The command line of nginx with this configuration."""
    binary = shutil.which(settings.nginx) or shutil.which(settings.nginx, path="/usr/sbin")
    if binary is None:
        raise FileNotFoundError(
            f"RASA_REPLICAS={settings.rasa_replicas} needs nginx: install Debian's nginx "
            "package, or set NGINX to its path"
        )
    return [binary, "-e", "stderr", "-p", str(config.parent), "-c", str(config)]
