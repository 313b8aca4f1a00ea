"""Archive locations: which ones are valid, and whether one can be read or written.

A location is a local directory or ``s3://bucket[/prefix]``. Anything else that looks
like a URL (``gs://…``, ``S3://…``, ``s3:/…``) is refused rather than becoming a local
folder of that name, and commands that read refuse a location that holds no archive,
so a typo never reads as an empty archive.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from govbudget.errors import ConfigError, StorageError
from govbudget.storage import layout

DEFAULT_LOCATION = "./archive"
S3_CHECK_TIMEOUT = 5.0
_URL_LIKE = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]+):/")  # two letters or more: C:/ stays a path
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")
ARCHIVE_ROOTS = (layout.RUNS, layout.ORIGINALS.split("/")[0], layout.TABLES, "catalog")  # catalog/: the layout before Delta tables (migrate-archive reads it)


def resolve_location(location: str | None = None) -> str:
    """``None`` → ``$GOVBUDGET_ARCHIVE`` or ``./archive``; refuses locations that cannot be meant."""
    location = location or os.environ.get("GOVBUDGET_ARCHIVE") or DEFAULT_LOCATION
    if location.startswith("s3://"):
        bucket = location[len("s3://"):].split("/", 1)[0]
        if not _BUCKET.match(bucket):
            raise ConfigError(location, f"{bucket!r} is not an S3 bucket name (s3://bucket/prefix)")
        return location
    url = _URL_LIKE.match(location)
    if url:
        raise ConfigError(location, f"unknown archive scheme {url['scheme']!r}: use a local directory or s3://bucket/prefix")
    return location


def check_writable(location: str) -> None:
    """Before a run writes: the directory can be created and written, or the bucket answers."""
    if location.startswith("s3://"):
        check_s3(location)
        return
    path = Path(location)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as exc:
        raise ConfigError(location, f"archive directory is not writable ({exc.strerror})") from None


def check_readable(location: str) -> None:
    """Before a command reads: the location exists and holds an archive."""
    if location.startswith("s3://"):
        client, settings = check_s3(location)
        prefix = settings.prefix.rstrip("/") + "/" if settings.prefix else ""
        try:
            found = any(client.list_objects_v2(Bucket=settings.bucket, Prefix=prefix + root + "/", MaxKeys=1).get("KeyCount")
                        for root in ARCHIVE_ROOTS)
        except Exception as exc:  # botocore's errors were already classified by check_s3's HEAD
            raise ConfigError(location, f"cannot list the archive ({exc})") from None
        if not found:
            raise ConfigError(location, "holds no govbudget archive (no runs/, originals/ or tables/ under it)")
        return
    path = Path(location)
    if not path.exists():
        raise ConfigError(location, "no such archive directory")
    if not path.is_dir():
        raise ConfigError(location, "not a directory")
    if not any((path / root).is_dir() for root in ARCHIVE_ROOTS):
        raise ConfigError(location, "holds no govbudget archive (no runs/, originals/ or tables/ in it)")


def check_s3(location: str):
    """One HEAD on the bucket, no retries: fail in seconds with what is wrong. Returns (client, settings)."""
    from botocore.exceptions import (ClientError, ConnectTimeoutError, EndpointConnectionError, NoCredentialsError,
                                     PartialCredentialsError)

    from govbudget.storage.s3_store import S3Settings, S3Store

    settings = S3Settings.from_url(location, attempts=1, botocore_attempts=1, connect_timeout=S3_CHECK_TIMEOUT,
                                   read_timeout=S3_CHECK_TIMEOUT)
    endpoint = settings.endpoint_url or "the AWS S3 endpoint"
    try:
        client = S3Store(settings).client
        client.head_bucket(Bucket=settings.bucket)
    except (EndpointConnectionError, ConnectTimeoutError):
        raise ConfigError(location, f"S3 endpoint {endpoint} is unreachable (AWS_ENDPOINT_URL)") from None
    except (NoCredentialsError, PartialCredentialsError):
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
    return client, settings
