"""Bad configuration fails before any work starts, with one line saying what and why.

Checked: the portal ids and regions against the registry, and the archive: an S3
endpoint that does not answer, credentials it refuses, a bucket that does not
exist, or a local directory that cannot be written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from govbudget.errors import ConfigError, StorageError

S3_CHECK_TIMEOUT = 5.0


def select_portals(portals: list[str] | None, regions: list[str] | None, registry: str | None) -> list[str]:
    """Portal ids to crawl: the named ones, else the enabled ones in ``regions``, else every enabled one."""
    from govbudget.spiders.registry import DEFAULT_REGISTRY, load_registry

    source = str(registry or DEFAULT_REGISTRY)
    loaded = load_registry(Path(registry) if registry else None)
    chosen = loaded.select(portals or None)  # ConfigError names an unknown id
    if regions:
        chosen = [p for p in chosen if set(regions) & set(p.region)]
        if not chosen:
            raise ConfigError(source, f"no enabled portal in region(s) {', '.join(regions)}")
    if not chosen:
        raise ConfigError(source, "no enabled portal to crawl")
    return [p.id for p in chosen]


def check_archive(location: str) -> None:
    if location.startswith("s3://"):
        check_s3(location)
    else:
        check_directory(location)


def check_directory(location: str) -> None:
    path = Path(location)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as exc:
        raise ConfigError(location, f"archive directory is not writable ({exc.strerror})") from None


def check_s3(location: str) -> None:
    """One HEAD on the bucket, no retries: fail in seconds, not after a crawl."""
    from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, ConnectTimeoutError

    from govbudget.storage.s3_store import S3Settings, S3Store

    settings = S3Settings.from_url(location, attempts=1, botocore_attempts=1, connect_timeout=S3_CHECK_TIMEOUT,
                                   read_timeout=S3_CHECK_TIMEOUT)
    endpoint = settings.endpoint_url or "the AWS S3 endpoint"
    try:
        S3Store(settings).client.head_bucket(Bucket=settings.bucket)
    except (EndpointConnectionError, ConnectTimeoutError):
        raise ConfigError(location, f"S3 endpoint {endpoint} is unreachable (AWS_ENDPOINT_URL)") from None
    except NoCredentialsError:
        raise ConfigError(location, "no S3 credentials found (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or an AWS profile)") from None
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status == 404:
            raise ConfigError(location, f"bucket {settings.bucket!r} does not exist at {endpoint}") from None
        if status in (401, 403):
            raise ConfigError(location, f"S3 refused the credentials for bucket {settings.bucket!r} (HTTP {status})") from None
        raise ConfigError(location, f"S3 check failed: HTTP {status}") from None
    except StorageError as exc:
        raise ConfigError(location, exc.reason) from None


def preflight(portals: list[str] | None, regions: list[str] | None, archive: str, registry: str | None) -> list[str]:
    """Validate everything a run needs; returns the portal ids to crawl."""
    selected = select_portals(portals, regions, registry)
    check_archive(archive)
    return selected


def archive_location(archive: str | None) -> str:
    from govbudget.storage import resolve_location

    location = resolve_location(archive)
    return location if location.startswith("s3://") else os.path.abspath(location)
