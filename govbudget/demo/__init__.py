"""The demo's replica disclosure portals on 127.0.0.1, and the corpus they serve.

The four CMS families with the faults real portals have (blocked, 500-then-OK,
HTML served as PDF, truncated PDFs, re-publications), so ``govbudget demo`` shows the
whole pipeline, fault handling included, without the internet. ``corpus/`` holds the
PDFs rendered from real disclosures with their exact truth (tests read it too).
"""

from pathlib import Path

from govbudget.demo.server import LoggedRequest, ReplicaServer, serve_replica

DEMO_CORPUS = Path(__file__).with_name("corpus")

__all__ = ["DEMO_CORPUS", "LoggedRequest", "ReplicaServer", "serve_replica"]
