"""Every archive test runs against both backends: a local directory and S3 over HTTP."""

from __future__ import annotations

import pytest

from govbudget import storage


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
