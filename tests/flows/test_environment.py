"""Prefect quiet and offline; a configured server that does not answer fails fast."""

from __future__ import annotations

import os

import pytest

from govbudget.errors import ConfigError
from govbudget.flows import environment
from govbudget.flows.server import check_api
from govbudget.net import free_port


def test_telemetry_is_off():
    assert (os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"], os.environ["DO_NOT_TRACK"]) == ("false", "1")


def test_prefect_reads_the_offline_settings():
    from prefect.settings import get_current_settings

    assert get_current_settings().server.analytics_enabled is False


def test_a_users_prefect_home_is_kept(monkeypatch, tmp_path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "mine"))
    environment.apply()
    assert os.environ["PREFECT_HOME"] == str(tmp_path / "mine")


def test_prefect_home_defaults_under_govbudget_home(monkeypatch, tmp_path):
    monkeypatch.delenv("PREFECT_HOME")
    monkeypatch.setenv("GOVBUDGET_HOME", str(tmp_path / "gb"))
    monkeypatch.setenv("DO_NOT_TRACK", "1")
    environment.apply()
    assert os.environ["PREFECT_HOME"] == str(tmp_path / "gb" / "prefect")


def test_configured_server_that_does_not_answer():
    url = f"http://127.0.0.1:{free_port()}/api"
    with pytest.raises(ConfigError, match="no healthy Prefect server answers there"):
        check_api(url)
