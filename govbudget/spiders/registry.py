"""The portal registry: which sites to crawl and how, as validated data.

Portals differ in ids, page names and API paths, not in code: every spider reads
its configuration from one :class:`Portal` entry, so a new site of a known CMS
family is a new YAML entry, never a new class.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from govbudget.errors import ConfigError
from govbudget.schema import AdminLevel
from govbudget.spiders.params import check_params

DEFAULT_REGISTRY = Path(__file__).with_name("portals.yaml")


class Family(StrEnum):
    """The CMS families the spiders know (govbudget/spiders/README.md describes each)."""

    trs = "trs"  # TRS WCM static lists, createPageHTML pagination
    hanweb = "hanweb"  # 大汉 jpage: embedded datastore + dataproxy.jsp
    json_api = "json_api"  # paged JSON list API with attachments
    generic = "generic"  # any list page with article links


class Politeness(BaseModel):
    """Per-portal overrides of the crawl-wide politeness defaults."""

    model_config = ConfigDict(extra="forbid")

    download_delay: float | None = None
    concurrency: int | None = Field(default=None, ge=1, le=8)
    timeout: float | None = Field(default=None, gt=0)
    obey_robots: bool = True  # False must be explicit; it is logged at crawl start
    robots_override_reason: str | None = None

    @model_validator(mode="after")
    def _override_needs_reason(self) -> Politeness:
        if not self.obey_robots and not self.robots_override_reason:
            raise ValueError("obey_robots: false needs robots_override_reason")
        return self


class TitleFilters(BaseModel):
    """Regexes on list/article titles, applied on top of the disclosure classifier."""

    model_config = ConfigDict(extra="forbid")

    include: list[str] = Field(default_factory=list)  # any must match, when given
    exclude: list[str] = Field(default_factory=list)

    @field_validator("include", "exclude")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            re.compile(pattern)
        return patterns

    def admits(self, title: str) -> bool:
        if any(re.search(p, title) for p in self.exclude):
            return False
        return not self.include or any(re.search(p, title) for p in self.include)


class Portal(BaseModel):
    """One disclosure portal (one column/list/API of one site)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    region: list[str] = Field(min_length=1)  # 山西省 / 阳泉市 / …
    admin_level: AdminLevel
    family: Family
    start_urls: list[str] = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)  # family parameters, see each spider
    allowed_domains: list[str] = Field(default_factory=list)  # default: hosts of start_urls
    file_hosts: list[str] = Field(default_factory=list)  # attachment/CDN hosts besides allowed_domains
    title_filters: TitleFilters = Field(default_factory=TitleFilters)
    politeness: Politeness = Field(default_factory=Politeness)
    enabled: bool = True
    verified: bool = False  # set true only after `govbudget portals check` succeeded online
    notes: str | None = None

    @field_validator("start_urls")
    @classmethod
    def _absolute_http(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise ValueError(f"not an absolute http(s) URL: {url}")
        return urls

    @model_validator(mode="after")
    def _known_params(self) -> Portal:
        check_params(self.id, self.family.value, self.params)
        return self

    @model_validator(mode="after")
    def _default_domains(self) -> Portal:
        if not self.allowed_domains:  # www.x.gov.cn → x.gov.cn: files often sit on a sibling host
            self.allowed_domains = sorted({urlsplit(u).hostname.removeprefix("www.") for u in self.start_urls})
        return self


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portals: list[Portal]
    _source: str = PrivateAttr(default="registry")  # the file it was read from, for error messages

    @model_validator(mode="after")
    def _unique_ids(self) -> Registry:
        ids = [p.id for p in self.portals]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate portal ids: {', '.join(dupes)}")
        return self

    def get(self, portal_id: str) -> Portal:
        for portal in self.portals:
            if portal.id == portal_id:
                return portal
        raise ConfigError(self._source, f"unknown portal id {portal_id!r} (`govbudget portals list` shows the known ids)")

    def select(self, portal_ids: list[str] | None) -> list[Portal]:
        """The named portals, or every enabled one when ``portal_ids`` is None."""
        if portal_ids is None:
            return [p for p in self.portals if p.enabled]
        return [self.get(pid) for pid in portal_ids]


def parse_registry(data: Any, source: str) -> Registry:
    try:
        registry = Registry.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        if message.startswith("portal '"):  # already names the portal and the key
            raise ConfigError(source, f"invalid portal registry: {message}") from None
        raise ConfigError(source, f"invalid portal registry at {where}: {message}") from None
    registry._source = source
    return registry


def load_registry(path: Path | str | None = None) -> Registry:
    """Read and validate a registry YAML file (the packaged one by default)."""
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read portal registry ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), f"not valid YAML ({exc})") from None
    return parse_registry(data, str(path))
