"""Prefect runs on its real engine here, with its state in a throwaway PREFECT_HOME.

The environment is set at import, before any test module imports Prefect
(Prefect reads its settings once). Runs that cost an ephemeral API start are
shared per session.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="govbudget-flows-tests-"))
os.environ["PREFECT_HOME"] = str(_HOME / "prefect")
os.environ["GOVBUDGET_HOME"] = str(_HOME / "home")
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"
os.environ.pop("PREFECT_API_URL", None)

from govbudget.flows import environment  # noqa: E402

environment.apply(quiet=True)

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture(scope="session")
def replica(tmp_path_factory):
    """Replica portals on 127.0.0.1 and a registry pointing at them."""
    from govbudget.demo.server import serve_replica

    with serve_replica(CORPUS) as server:
        registry = server.write_registry(tmp_path_factory.mktemp("registry") / "portals.yaml")
        yield server, str(registry)


@pytest.fixture(scope="session")
def session_aws_env():
    """Test credentials through the standard chain, for session-scoped S3 runs."""
    from tests.conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
        patch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
            patch.delenv(name, raising=False)
        yield patch


# The crash tests' runs (tests/flows/crash.py): one portal of the replica, one Prefect server, one clean run.

@pytest.fixture(scope="session")
def crash_registry(replica, tmp_path_factory):
    from tests.flows.crash import fast_registry

    return fast_registry(replica[1], tmp_path_factory.mktemp("registry") / "portals.yaml")


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """One Prefect server on 127.0.0.1 (its own PREFECT_HOME) for the runs that are not killed."""
    from govbudget.flows.server import start_local_server

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect-server")))
        server = start_local_server()
    with server:
        yield server.api_url


@pytest.fixture(scope="session")
def clean_run(crash_registry, prefect_api, tmp_path_factory):
    """An uninterrupted run: exit code, every dataset, and how long its phases took."""
    from tests.flows.crash import phase_seconds, pulls, run_env, run_to_end, tables_written

    archive = str(tmp_path_factory.mktemp("clean") / "archive")
    code, logged = run_to_end(crash_registry, archive, run_env(prefect_api))
    datasets = pulls(archive)
    assert sum(datasets["line_items"].values()), "the clean run parsed nothing: the trials would prove nothing"
    seconds = {phase: phase_seconds(logged, phase) for phase in ("parse", "commit")}
    seconds["tables"] = tables_written(logged)  # Delta tables one commit of its documents writes
    return code, datasets, seconds
