"""Nothing in the suite or the demo contacts a host outside the loopback range."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests import network_guard


def test_a_lookup_of_an_outside_host_is_refused_before_it_is_sent(tmp_path, monkeypatch):
    monkeypatch.setenv(network_guard.LOG_ENV, str(tmp_path / "refused.log"))
    # the class by its base: in an xdist worker the guard sitecustomize loaded refuses first
    with pytest.raises(ConnectionRefusedError, match="network guard"):
        socket.getaddrinfo("guard-check.invalid", 443)
    assert "guard-check.invalid" in network_guard.refusals(tmp_path / "refused.log")


def test_loopback_is_allowed():
    assert network_guard.is_loopback("127.0.0.1") and network_guard.is_loopback("::1")
    assert network_guard.is_loopback("localhost") and network_guard.is_loopback("127.8.9.10")
    assert not network_guard.is_loopback("10.0.0.1") and not network_guard.is_loopback("publicsuffix.org")


def test_processes_the_tests_start_carry_the_guard(tmp_path):
    log = tmp_path / "refused.log"
    code = "import socket\ntry:\n    socket.getaddrinfo('guard-check.invalid', 80)\nexcept ConnectionRefusedError as e:\n    print('refused', e)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, network_guard.LOG_ENV: str(log)}, timeout=60)
    assert out.stdout.startswith("refused"), out.stderr
    assert "guard-check.invalid" in network_guard.refusals(log)


def test_scrapy_cookie_handling_uses_the_packaged_public_suffix_list(tmp_path):
    """tldextract with an empty cache would fetch the list from two outside hosts."""
    log = tmp_path / "refused.log"
    code = (
        "import govbudget.spiders\n"
        "from scrapy.downloadermiddlewares.cookies import _is_public_domain\n"
        "print(_is_public_domain('gov.cn'), _is_public_domain('czj.yq.gov.cn'))\n"
    )
    env = {**os.environ, network_guard.LOG_ENV: str(log), "HOME": str(tmp_path),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "TLDEXTRACT_CACHE": str(tmp_path / "tld")}
    env.pop("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False"]
    assert network_guard.refusals(log) == ""
    assert "Traceback" not in out.stderr


@pytest.mark.skipif(not os.environ.get("GOVBUDGET_GUARD_SELFTEST"), reason="run only by the test below")
def test_an_attempt_swallowed_by_the_code_under_test():
    try:
        socket.getaddrinfo("guard-selftest.invalid", 443)
    except OSError:
        pass  # code under test that hides the error: only the guard's log knows


def test_an_attempt_in_an_xdist_worker_fails_the_whole_run():
    """README runs the suite on pytest-xdist workers: their refusals must reach the run's exit status."""
    env = {**os.environ, "GOVBUDGET_GUARD_SELFTEST": "1"}
    env.pop(network_guard.LOG_ENV, None)  # a run of its own, with its own log
    env.pop("PYTEST_XDIST_WORKER", None)
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2",
                          f"{__file__}::test_an_attempt_swallowed_by_the_code_under_test", f"{__file__}::test_loopback_is_allowed"],
                         capture_output=True, text=True, env=env, cwd=Path(__file__).parents[1], timeout=300)
    assert "2 passed" in out.stdout, out.stdout[-2000:]
    assert out.returncode == 1, out.stdout[-2000:]
    assert "guard-selftest.invalid" in out.stdout
