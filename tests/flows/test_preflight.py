"""Bad configuration fails before any work, with one line naming what is wrong."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from govbudget.errors import ConfigError
from govbudget.flows.preflight import select_portals
from govbudget.storage.location import check_writable
from govbudget.net import free_port


def test_unknown_portal_id_is_named(replica):
    _, registry = replica
    with pytest.raises(ConfigError, match="unknown portal id 'no-such-portal'"):
        select_portals(["replica-yq-czj", "no-such-portal"], None, registry)


def test_region_selects_its_portals(replica):
    _, registry = replica
    assert select_portals(None, ["宁夏回族自治区"], registry) == ["replica-gy-hanweb-old", "replica-gy-czgk", "replica-blocked-waf"]


def test_region_without_portals_is_an_error(replica):
    _, registry = replica
    with pytest.raises(ConfigError, match="no enabled portal in region"):
        select_portals(None, ["西藏自治区"], registry)


def test_unreachable_s3_endpoint(monkeypatch, aws_env):
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ConfigError, match="unreachable"):
        check_writable("s3://govbudget/archive")


def test_missing_bucket(monkeypatch, aws_env, s3_server):
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    with pytest.raises(ConfigError, match="bucket 'no-such-bucket' does not exist"):
        check_writable("s3://no-such-bucket/archive")


def test_existing_bucket_passes(monkeypatch, aws_env, s3_server):
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    check_writable(f"s3://{s3_server.new_bucket()}/archive")


@pytest.fixture
def authenticating_s3():
    """A moto server that checks credentials (INITIAL_NO_AUTH_ACTION_COUNT=0), in its own process."""
    port = free_port()
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="0")
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


def test_wrong_credentials(monkeypatch, aws_env, authenticating_s3):
    monkeypatch.setenv("AWS_ENDPOINT_URL", authenticating_s3)
    with pytest.raises(ConfigError, match="refused the credentials") as caught:
        check_writable("s3://govbudget/archive")
    assert os.environ["AWS_SECRET_ACCESS_KEY"] not in str(caught.value)


def test_missing_credentials(monkeypatch, aws_env, s3_server, tmp_path):
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with pytest.raises(ConfigError, match="no S3 credentials found"):
        check_writable("s3://govbudget/archive")


def test_unwritable_local_archive(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ConfigError, match="archive directory is not writable"):
        check_writable(str(blocker / "archive"))


def test_cli_reports_unknown_portal_in_one_line(replica, tmp_path, capsys):
    from govbudget.cli import main

    _, registry = replica
    code = main(["crawl", "--registry", registry, "--portal", "nope", "--archive", str(tmp_path / "a")])
    assert (code, capsys.readouterr().err.strip()) == (
        2, f"govbudget: error: {registry}: unknown portal id 'nope' (`govbudget portals list` shows the known ids)"
    )
