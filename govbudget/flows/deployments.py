"""prefect.yaml is the one definition of the deployments; ``govbudget serve`` reads it too.

A fleet deploys it with ``prefect deploy --all`` and runs workers on the process
pool; one machine serves the same deployments in-process with :func:`serve`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govbudget.errors import ConfigError

PREFECT_YAML = Path(__file__).with_name("prefect.yaml")  # package data: a wheel install has it too


@dataclass(frozen=True)
class DeploymentSpec:
    """One ``deployments:`` entry of prefect.yaml, as ``govbudget serve`` needs it."""

    name: str
    entrypoint: str  # module.path:flow_function (workers import the installed package)
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    schedules: list[dict[str, Any]] = field(default_factory=list)
    concurrency_limit: int | None = None

    @property
    def import_path(self) -> str:
        """``govbudget.flows.pipeline:pipeline``; a file path entrypoint (``govbudget/flows/pipeline.py:pipeline``) is read as its module."""
        path, function = self.entrypoint.rsplit(":", 1)
        return f"{path.removesuffix('.py').replace('/', '.')}:{function}"


def load_specs(path: Path = PREFECT_YAML) -> list[DeploymentSpec]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read deployments ({exc.strerror})") from None
    specs = []
    for entry in data.get("deployments") or []:
        specs.append(
            DeploymentSpec(
                name=entry["name"],
                entrypoint=entry["entrypoint"],
                description=entry.get("description"),
                tags=list(entry.get("tags") or []),
                parameters=dict(entry.get("parameters") or {}),
                schedules=list(entry.get("schedules") or []),
                concurrency_limit=entry.get("concurrency_limit"),
            )
        )
    return specs


def load_flow(spec: DeploymentSpec):
    from prefect.utilities.importtools import import_object

    return import_object(spec.import_path)


def runner_deployment(spec: DeploymentSpec):
    """The deployment as ``prefect.serve`` runs it on this machine, schedules included."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    schedules = [Cron(s["cron"], timezone=s.get("timezone")) for s in spec.schedules if s.get("active", True)]
    return load_flow(spec).to_deployment(
        name=spec.name,
        description=spec.description,
        tags=spec.tags,
        parameters=spec.parameters,
        schedules=schedules or None,
        concurrency_limit=spec.concurrency_limit,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def select(specs: list[DeploymentSpec], names: list[str] | None) -> list[DeploymentSpec]:
    if not names:
        return specs
    known = {s.name: s for s in specs}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError("prefect.yaml", f"no deployment named {', '.join(unknown)} (known: {', '.join(known)})")
    return [known[n] for n in names]
