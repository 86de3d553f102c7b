"""The container files, checked statically: this machine reaches no container registry, so
the base images cannot be pulled and the image cannot be built or run here (see the README).
What can be checked without them is checked: the Dockerfile's must-haves, the compose file
parsed as YAML (services, ports, environment, start order), its environment accepted by the
app's own Settings, and the proxy config pointing at the API processes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from fancoins.config import Mode, env_name, load_settings, setting_paths

ROOT = Path(__file__).parents[2]
# PostgreSQL's releases have two numbers (15.15); the others three (3.11.14).
RELEASE_PARTS = {"postgres": 2}
DIGEST = re.compile(r"^[\w./-]+(:[\w.-]+)?@sha256:[0-9a-f]{64}$")


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return instructions((ROOT / "Dockerfile").read_text())


def pinned(image: str) -> bool:
    """Pinned by digest, or by a tag naming one exact release (`3.11.14-slim`, never `3.11`)."""
    if DIGEST.match(image):
        return True
    name, _, tag = image.partition(":")
    parts = RELEASE_PARTS.get(name.rsplit("/", 1)[-1], 3)
    return bool(re.match(r"^\d+" + r"\.\d+" * (parts - 1) + r"(-[\w.-]+)?$", tag))


def test_base_image_is_pinned_slim_python_311(dockerfile: list[tuple[str, str]]) -> None:
    args = dict(a.split("=", 1) for i, a in dockerfile if i == "ARG" and "=" in a)
    bases = [a.split()[0] for i, a in dockerfile if i == "FROM"]
    assert bases and all(b in ("${PYTHON_IMAGE}",) or "AS" in b for b in bases)
    image = args["PYTHON_IMAGE"]
    assert pinned(image) and image.startswith("python:3.11.") and "slim" in image, image
    assert not pinned("python:3.11-slim") and not pinned("python:latest")  # the check bites
    assert not pinned("postgres:15") and pinned("postgres:15.15-bookworm")


def test_runs_as_a_non_root_user(dockerfile: list[tuple[str, str]]) -> None:
    users = [a for i, a in dockerfile if i == "USER"]
    assert users, "no USER: the image would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), user
    last_from = max(n for n, (i, _) in enumerate(dockerfile) if i == "FROM")
    assert any(i == "USER" for i, _ in dockerfile[last_from:])  # in the final stage


def test_no_remote_add_and_copies_only_what_exists(dockerfile: list[tuple[str, str]]) -> None:
    assert not [a for i, a in dockerfile if i == "ADD"], "use COPY; never ADD a URL"
    for instruction, arguments in dockerfile:
        if instruction == "COPY" and "--from=" not in arguments:
            sources = [p for p in shlex.split(arguments) if not p.startswith("--")][:-1]
            for source in sources:
                assert (ROOT / source).exists(), source


def test_installs_from_the_lock_serves_and_checks_health(
    dockerfile: list[tuple[str, str]]
) -> None:
    runs = " ".join(a for i, a in dockerfile if i == "RUN")
    assert "--constraint requirements.lock" in runs
    health = [a for i, a in dockerfile if i == "HEALTHCHECK"]
    assert health and "/healthz" in health[0]
    cmd = [a for i, a in dockerfile if i == "CMD"][-1]
    assert cmd == '["fancoins", "serve"]'
    env = " ".join(a for i, a in dockerfile if i == "ENV")
    assert "FANCOINS_HOST=0.0.0.0" in env  # the default 127.0.0.1 is unreachable from outside
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", ".git", "clients/typescript/node_modules"} <= set(ignored)


# --- compose.yaml ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def substituted(value: str) -> str:
    """${VAR:?message} / ${VAR} as compose fills them, with throwaway values."""
    return re.sub(r"\$\{(\w+)(:\?[^}]*)?\}", lambda m: f"test-{m.group(1).lower()}-" + "x" * 32,
                  value)


def test_services_and_start_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "migrate", "api1", "api2", "proxy"}
    for name in ("api1", "api2"):
        api = services[name]
        assert api["build"] == "." and api["command"] == ["fancoins", "serve", "--no-migrate"]
        assert api["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert api["depends_on"]["redis"] == {"condition": "service_healthy"}
    assert services["migrate"]["command"] == ["fancoins", "db", "upgrade"]
    assert services["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert services["proxy"]["depends_on"] == {
        "api1": {"condition": "service_healthy"}, "api2": {"condition": "service_healthy"}}
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"][0] == "CMD"


def test_only_the_proxy_is_published_and_images_are_pinned(compose: dict[str, Any]) -> None:
    services = compose["services"]
    published = {name: s["ports"] for name, s in services.items() if "ports" in s}
    assert published == {"proxy": ["8080:80"]}
    for name, service in services.items():
        if "image" in service and "build" not in service:
            assert pinned(service["image"]), f"{name}: {service['image']} is not pinned"
    mounts = [v.split(":")[0] for v in services["proxy"]["volumes"]]
    assert all((ROOT / m).exists() for m in mounts), mounts


def test_api_environment_is_valid_production_settings(compose: dict[str, Any]) -> None:
    env = {k: substituted(str(v)) for k, v in compose["services"]["api1"]["environment"].items()}
    assert env == {k: substituted(str(v))
                   for k, v in compose["services"]["api2"]["environment"].items()}
    fields = {env_name(path): path.replace(".", "__") for path in setting_paths()}
    overrides = {}
    for key, value in env.items():
        assert key.startswith("FANCOINS_") and key in fields, f"{key} is no setting"
        overrides[fields[key]] = value
    settings = load_settings(**overrides)
    assert settings.mode is Mode.PRODUCTION
    assert settings.database_url.startswith("postgresql+asyncpg://fancoins:")
    assert "@postgres:5432/fancoins" in settings.database_url
    assert settings.redis_url == "redis://redis:6379/0" and settings.host == "0.0.0.0"
    postgres = compose["services"]["postgres"]["environment"]
    assert postgres["POSTGRES_USER"] == "fancoins" and postgres["POSTGRES_DB"] == "fancoins"


def test_proxy_spreads_over_both_api_processes(compose: dict[str, Any]) -> None:
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams is not None
    port = compose["services"]["api1"]["environment"]["FANCOINS_PORT"]
    assert upstreams.group(1).split() == [f"api1:{port}", f"api2:{port}"]
    assert "health_uri /healthz" in caddyfile and "flush_interval -1" in caddyfile
    assert re.search(r"^:80 \{", caddyfile, re.M)  # the port compose publishes
