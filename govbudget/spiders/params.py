"""The ``params`` each family reads from a registry entry, as validated data.

A key no family reads is a mistake in the entry (a typo, a key from the docs of
another family, an old name): the registry refuses it at load, naming the portal
and the key, instead of crawling as if it were not there.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListParams(_Params):
    """Static lists (generic, and the base of trs)."""

    row_xpath: str | None = None  # rows holding one article link each
    next_text: str | None = None  # the next-page link's text (下一页)
    column_text: str | None = None  # regex on link texts of disclosure columns, when the start page is a hub


class TrsParams(ListParams):
    first_suffix: int | None = Field(default=None, ge=1)  # page 2's suffix: 1 (index_1) or 2 (index_2)
    page_name: str | None = None  # index.html: the naming when neither URL nor pager says
    max_pages: int = Field(default=500, ge=1)


class HanwebParams(_Params):
    columnid: str | int | None = None
    unitid: str | int | None = None
    webid: str | int | None = None
    perpage: int | None = Field(default=None, ge=1)
    group_pages: int | None = Field(default=None, ge=1)
    proxy_path: str | None = None
    paging: Literal["post", "get"] | None = None
    max_pages: int = Field(default=500, ge=1)


class ValueRange(_Params):
    range: tuple[int, int]  # inclusive, either order


class FromConfig(_Params):
    from_config: str  # a key of the start page's JS config (window._CONFIG = {…}); dotted prefixes ignored


QueryValue = str | int | list[str | int] | ValueRange | FromConfig


class JsonApiParams(_Params):
    """A JSON list API walked over a parameter space (see govbudget.spiders.families.json_api)."""

    list_api: str | None = None  # path or URL; {name} placeholders take query values, {page} the page
    method: Literal["GET", "POST"] = "GET"  # POST sends the query as a form
    query: dict[str, QueryValue] = Field(default_factory=dict)  # each list/range value multiplies the walks
    page_param: str = "page"
    first_page: int = 1
    page_size_param: str | None = None
    page_size: int | None = Field(default=None, ge=1)
    records_path: str | None = None  # dotted path to the record list
    title_key: str | None = None  # dotted paths inside a record
    url_key: str | None = None
    date_key: str | None = None
    unit_key: str | None = None
    attachments_key: str | None = None
    file_url_key: str | None = None  # inside one attachment
    file_name_key: str | None = None
    pages_key: str | None = None  # dotted path to the page count in the body
    max_pages: int = Field(default=500, ge=1)

    @model_validator(mode="after")
    def _page_not_in_query(self) -> JsonApiParams:
        if self.page_param in self.query:
            raise ValueError(f"query must not set the page parameter {self.page_param!r}; it is walked")
        return self


FAMILY_PARAMS: dict[str, type[_Params]] = {
    "trs": TrsParams,
    "hanweb": HanwebParams,
    "json_api": JsonApiParams,
    "generic": ListParams,
}


def check_params(portal_id: str, family: str, params: dict[str, Any]) -> None:
    """Raise ValueError with one line naming the portal and the first unknown or bad key."""
    model = FAMILY_PARAMS[family]
    unknown = [key for key in params if key not in model.model_fields]
    if unknown:
        known = ", ".join(model.model_fields)
        raise ValueError(f"portal {portal_id!r}: params key {unknown[0]!r} is not a {family} parameter (known: {known})")
    try:
        model.model_validate(params)
    except Exception as exc:  # pydantic's ValidationError, turned into one line
        errors = getattr(exc, "errors", lambda: [{"loc": (), "msg": str(exc)}])()
        where = ".".join(str(p) for p in errors[0]["loc"])
        raise ValueError(f"portal {portal_id!r}: params{'.' + where if where else ''}: {errors[0]['msg']}") from None
