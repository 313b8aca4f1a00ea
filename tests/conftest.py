"""Fixtures shared across areas: an S3-compatible server on 127.0.0.1 (moto, real HTTP)."""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import network_guard

# Nothing the tests run may contact a host outside 127.0.0.0/8: this process and every
# Python process it starts (PYTHONPATH carries the guard) refuse it and log it here.
# pytest-xdist's workers inherit the log of the process that started them, whose
# session finish reads it: a refusal in any worker fails the run.
if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(network_guard.LOG_ENV):
    _NETGUARD_LOG = Path(os.environ[network_guard.LOG_ENV])
else:
    _NETGUARD_LOG = Path(tempfile.mkdtemp(prefix="govbudget-netguard-")) / "refused.log"
    os.environ[network_guard.LOG_ENV] = str(_NETGUARD_LOG)
_GUARD = str(Path(__file__).with_name("netguard"))
if _GUARD not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join([_GUARD, *filter(None, [os.environ.get("PYTHONPATH")])])
network_guard.install()
# botocore looks for credentials at the EC2 metadata address (169.254.169.254) when it finds none.
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

from govbudget import storage  # noqa: E402
from govbudget.net import free_port  # noqa: E402


def pytest_sessionfinish(session, exitstatus):
    refused = network_guard.refusals(_NETGUARD_LOG)
    if refused:
        print(f"\nnetwork guard: connections to non-loopback hosts were attempted:\n{refused}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

TEST_ACCESS_KEY = "AKIATESTGOVBUDGET0001"
TEST_SECRET_KEY = "govbudget-test-secret-Zq8vN3xK"  # distinctive, so leaks are detectable


@dataclass
class S3Server:
    endpoint_url: str
    port: int
    server: object

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=TEST_ACCESS_KEY,
            aws_secret_access_key=TEST_SECRET_KEY,
            region_name="us-east-1",
        )

    def new_bucket(self, name: str | None = None) -> str:
        bucket = name or f"test-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=bucket)
        return bucket


def start_moto(port: int | None = None) -> S3Server:
    from tests.counting_s3 import CountingMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = port or free_port()
    server = CountingMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return S3Server(f"http://127.0.0.1:{port}", port, server)


@pytest.fixture
def aws_env(monkeypatch):
    """Credentials through the standard chain (environment), as in production."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def s3_server():
    """One moto S3 server for the session; tests isolate themselves with their own bucket."""
    server = start_moto()
    yield server
    server.server.stop()


# Every archive test runs against both backends: a local directory and S3 over HTTP.

@pytest.fixture(params=["local", "s3"])
def archive_location(request, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVBUDGET_SPOOL", str(tmp_path / "spool"))
    if request.param == "local":
        return str(tmp_path / "archive")
    server = request.getfixturevalue("s3_server")
    request.getfixturevalue("aws_env")
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint_url)
    return f"s3://{server.new_bucket()}/govbudget"


@pytest.fixture
def archive(archive_location):
    return storage.open_archive(archive_location, backoff_seconds=0.01)
