"""Serve the replica portals for a demo: ``python -m govbudget.demo [--corpus DIR]``.

Writes a registry for the running server, so that
``govbudget crawl --registry replica-portals.yaml`` crawls it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from govbudget.demo import DEMO_CORPUS, serve_replica


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m govbudget.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEMO_CORPUS, help="directory holding the corpus PDFs (and truth/); default: the shipped corpus")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    parser.add_argument("--registry", type=Path, default=Path("replica-portals.yaml"), help="where to write the registry")
    args = parser.parse_args(argv)
    with serve_replica(args.corpus, args.port) as server:
        server.write_registry(args.registry)
        print(f"replica portals at {server.base_url}; registry written to {args.registry}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
