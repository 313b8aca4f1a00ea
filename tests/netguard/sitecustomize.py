"""Loaded by every Python process the tests start (PYTHONPATH): refuse non-loopback traffic.

See tests/network_guard.py.
"""

try:
    from tests.network_guard import install
except ImportError:  # the checkout is not on this process's path
    import importlib.util
    import os

    spec = importlib.util.spec_from_file_location(
        "network_guard", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "network_guard.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    install = module.install

install()
