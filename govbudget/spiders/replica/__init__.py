"""Replica disclosure portals on 127.0.0.1 for tests and the demo."""

from govbudget.spiders.replica.server import LoggedRequest, ReplicaServer, serve_replica

__all__ = ["LoggedRequest", "ReplicaServer", "serve_replica"]
