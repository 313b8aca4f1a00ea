"""S3-compatible backend (AWS, MinIO, Ceph, moto) through boto3.

Credentials come from boto3's standard chain; the endpoint from
``AWS_ENDPOINT_URL`` (or ``endpoint_url``). Transient failures are retried by
botocore *and* by an explicit backoff loop around each call (botocore does not
retry a refused connection for long), then surface as one StorageError naming
the key, never the credentials.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterator, TypeVar
from urllib.parse import urlparse

from govbudget.errors import ConfigError, StorageError
from govbudget.storage.objectstore import join
from govbudget.storage.secrets import scrub

log = logging.getLogger(__name__)
T = TypeVar("T")

_PRECONDITION_FAILED = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409"}
_MISSING = {"NoSuchKey", "404", "NotFound"}


@dataclass(frozen=True)
class S3Settings:
    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    addressing_style: str = "auto"  # "path" for MinIO/Ceph and most self-hosted endpoints
    attempts: int = 4  # explicit attempts around each call (botocore retries inside each)
    backoff_seconds: float = 0.5  # doubled after each failed attempt
    botocore_attempts: int = 3
    connect_timeout: float = 5.0
    read_timeout: float = 60.0

    @classmethod
    def from_url(cls, url: str, **overrides) -> "S3Settings":
        """``s3://bucket/prefix`` plus the environment (AWS_ENDPOINT_URL, GOVBUDGET_S3_ADDRESSING_STYLE, retry budget).

        The retry budget: ``GOVBUDGET_S3_ATTEMPTS`` (attempts per call, default 4),
        ``GOVBUDGET_S3_BACKOFF_SECONDS`` (before the second attempt, then doubled; default 0.5)
        and botocore's own ``AWS_MAX_ATTEMPTS`` inside each attempt (default 3).
        """
        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise ConfigError(scrub(url), "expected s3://bucket/prefix")
        endpoint = overrides.pop("endpoint_url", None) or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        style = os.environ.get("GOVBUDGET_S3_ADDRESSING_STYLE") or ("path" if endpoint else "auto")
        budget = {field: kind(os.environ[name]) for field, name, kind in _RETRY_BUDGET if os.environ.get(name)}
        return cls(
            bucket=parsed.netloc,
            prefix=parsed.path.strip("/"),
            endpoint_url=endpoint,
            addressing_style=style,
            **{**budget, **overrides},
        )

    def retry_options(self) -> dict[str, str]:
        """The same budget for the Delta writer (delta-rs / object_store), whose own default retries for 3 minutes."""
        return {
            "max_retries": str(max(self.attempts * self.botocore_attempts - 1, 0)),
            "retry_timeout": f"{max(int(self.backoff_seconds * 2 ** self.attempts + self.connect_timeout), 1)}s",
            "backoff_config.init_backoff": f"{int(self.backoff_seconds * 1000)}ms",
        }


_RETRY_BUDGET = (
    ("attempts", "GOVBUDGET_S3_ATTEMPTS", int),
    ("backoff_seconds", "GOVBUDGET_S3_BACKOFF_SECONDS", float),
    ("botocore_attempts", "AWS_MAX_ATTEMPTS", int),
)


def _error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    error = response.get("Error", {})
    return str(error.get("Code") or response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))


def _is_transient(exc: Exception) -> bool:
    from botocore.exceptions import ClientError, ConnectionError as BotoConnectionError, HTTPClientError

    if isinstance(exc, (BotoConnectionError, HTTPClientError)):
        return True
    if isinstance(exc, ClientError):
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return status >= 500 or _error_code(exc) in {"SlowDown", "Throttling", "RequestTimeout"}
    return False


class S3Store:
    def __init__(self, settings: S3Settings, client=None):
        self.settings = settings
        self.location = f"s3://{join(settings.bucket, settings.prefix)}"
        self.requests: Counter[str] = Counter()  # operation name -> requests sent (retries included)
        self.client = client or self._make_client()
        self.client.meta.events.register("before-send.s3", self._count_request)

    def _make_client(self):
        import boto3
        from botocore.config import Config

        config = Config(
            retries={"total_max_attempts": self.settings.botocore_attempts, "mode": "standard"},  # first try included
            connect_timeout=self.settings.connect_timeout,
            read_timeout=self.settings.read_timeout,
            s3={"addressing_style": self.settings.addressing_style},
        )
        return boto3.session.Session().client("s3", endpoint_url=self.settings.endpoint_url, config=config)

    def _count_request(self, event_name: str = "", **_) -> None:
        self.requests[event_name.rsplit(".", 1)[-1]] += 1

    def _key(self, key: str) -> str:
        return join(self.settings.prefix, key)

    def url(self, key: str) -> str:
        return f"s3://{join(self.settings.bucket, self._key(key))}"

    def _call(self, key: str, what: str, fn: Callable[[], T]) -> T:
        delay = self.settings.backoff_seconds
        for attempt in range(1, self.settings.attempts + 1):
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001 - classified below
                if not _is_transient(exc):
                    raise
                reason = scrub(f"{what} failed after {attempt} attempt(s): {type(exc).__name__}: {exc}")
                if attempt == self.settings.attempts:
                    raise StorageError(self.url(key), reason) from None
                log.warning("s3 %s failed, retrying in %.1fs", what, delay, extra={"url": self.url(key), "attempt": attempt})
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _client_error(self, key: str, what: str, exc: Exception) -> StorageError:
        return StorageError(self.url(key), scrub(f"{what} refused: {_error_code(exc)} {exc}"))

    def put(self, key: str, data: bytes, content_type: str | None = None) -> None:
        from botocore.exceptions import ClientError

        extra = {"ContentType": content_type} if content_type else {}
        try:
            self._call(key, "put", lambda: self.client.put_object(Bucket=self.settings.bucket, Key=self._key(key), Body=data, **extra))
        except ClientError as exc:
            raise self._client_error(key, "put", exc) from None

    def put_if_absent(self, key: str, data: bytes, content_type: str | None = None) -> bool:
        from botocore.exceptions import ClientError

        extra = {"ContentType": content_type} if content_type else {}
        try:
            self._call(
                key,
                "conditional put",
                lambda: self.client.put_object(
                    Bucket=self.settings.bucket, Key=self._key(key), Body=data, IfNoneMatch="*", **extra
                ),
            )
        except ClientError as exc:
            if _error_code(exc) in _PRECONDITION_FAILED:
                return False
            raise self._client_error(key, "conditional put", exc) from None
        return True

    def delete(self, key: str) -> None:
        from botocore.exceptions import ClientError

        try:
            self._call(key, "delete", lambda: self.client.delete_object(Bucket=self.settings.bucket, Key=self._key(key)))
        except ClientError as exc:
            raise self._client_error(key, "delete", exc) from None

    def storage_options(self) -> dict[str, str]:
        """boto3's resolved credentials and endpoint, in ``deltalake``'s (object_store's) terms.

        Commits use S3 conditional writes (``If-None-Match: *``) so concurrent
        writers cannot overwrite each other's log entries.
        """
        import boto3

        credentials = boto3.session.Session().get_credentials()  # the same chain the client resolved
        frozen = credentials.get_frozen_credentials() if credentials else None
        options = {
            "AWS_REGION": self.client.meta.region_name or "us-east-1",
            "AWS_CONDITIONAL_PUT": "etag",
            "AWS_VIRTUAL_HOSTED_STYLE_REQUEST": "false" if self.settings.addressing_style == "path" else "true",
        }
        if frozen:
            options.update(AWS_ACCESS_KEY_ID=frozen.access_key, AWS_SECRET_ACCESS_KEY=frozen.secret_key)
            if frozen.token:
                options["AWS_SESSION_TOKEN"] = frozen.token
        options.update(self.settings.retry_options())
        if self.settings.endpoint_url:
            options["AWS_ENDPOINT_URL"] = self.settings.endpoint_url
            options["AWS_ALLOW_HTTP"] = "true" if self.settings.endpoint_url.startswith("http://") else "false"
        return options

    def get(self, key: str) -> bytes | None:
        from botocore.exceptions import ClientError

        def fetch() -> bytes:
            return self.client.get_object(Bucket=self.settings.bucket, Key=self._key(key))["Body"].read()

        try:
            return self._call(key, "get", fetch)
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return None
            raise self._client_error(key, "get", exc) from None

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self._call(key, "head", lambda: self.client.head_object(Bucket=self.settings.bucket, Key=self._key(key)))
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return False
            raise self._client_error(key, "head", exc) from None
        return True

    def list(self, prefix: str) -> Iterator[str]:
        from botocore.exceptions import ClientError

        full = self._key(prefix)
        strip = len(self.settings.prefix) + 1 if self.settings.prefix else 0

        def fetch_all() -> list[str]:
            keys: list[str] = []
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.settings.bucket, Prefix=full):
                keys.extend(obj["Key"][strip:] for obj in page.get("Contents", []))
            return keys

        try:
            yield from sorted(self._call(prefix, "list", fetch_all))
        except ClientError as exc:
            raise self._client_error(prefix, "list", exc) from None
