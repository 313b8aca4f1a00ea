"""The portal registry: validated data, real portals by default, replica portals apart."""

import pytest

from govbudget.errors import ConfigError
from govbudget.spiders.registry import Family, load_registry, parse_registry

MINIMAL = {"id": "x", "name": "X", "region": ["山西省"], "admin_level": "province", "family": "generic",
           "start_urls": ["http://example.gov.cn/list.html"]}


def test_default_registry_holds_the_seed_publishers_portals():
    ids = {p.id for p in load_registry().portals}
    assert {"shanxi-bmp-pub", "shanxi-bmp-pub-yangcheng", "yangquan-czj", "yangquan-xxgk", "guyuan-czgk"} <= ids


def test_default_registry_portals_are_all_unverified():
    assert {p.verified for p in load_registry().portals} == {False}


def test_default_registry_has_no_replica_portals():
    assert not [p.id for p in load_registry().portals if "127.0.0.1" in p.start_urls[0]]


def test_allowed_domains_default_to_start_url_hosts():
    assert parse_registry({"portals": [MINIMAL]}, "t").portals[0].allowed_domains == ["example.gov.cn"]


def test_family_is_an_enum():
    assert parse_registry({"portals": [MINIMAL]}, "t").portals[0].family is Family.generic


def test_unknown_family_is_a_one_line_config_error():
    with pytest.raises(ConfigError, match=r"t: invalid portal registry at portals\.0\.family"):
        parse_registry({"portals": [MINIMAL | {"family": "wordpress"}]}, "t")


def test_robots_override_needs_a_reason():
    with pytest.raises(ConfigError, match="robots_override_reason"):
        parse_registry({"portals": [MINIMAL | {"politeness": {"obey_robots": False}}]}, "t")


def test_duplicate_ids_are_rejected():
    with pytest.raises(ConfigError, match="duplicate portal ids: x"):
        parse_registry({"portals": [MINIMAL, MINIMAL]}, "t")


def test_unknown_portal_id_names_the_registry():
    with pytest.raises(ConfigError, match="t: unknown portal id 'nope'"):
        parse_registry({"portals": [MINIMAL]}, "t").select(["nope"])


def test_select_none_means_every_enabled_portal():
    registry = parse_registry({"portals": [MINIMAL, MINIMAL | {"id": "y", "enabled": False}]}, "t")
    assert [p.id for p in registry.select(None)] == ["x"]


def test_title_filters_exclude_before_include():
    registry = parse_registry({"portals": [MINIMAL | {"title_filters": {"include": ["预算"], "exclude": ["草稿"]}}]}, "t")
    filters = registry.portals[0].title_filters
    assert (filters.admits("2025年部门预算"), filters.admits("2025年部门预算草稿"), filters.admits("新闻")) == (True, False, False)


def test_an_unknown_params_key_is_refused_naming_the_portal_and_the_key():
    entry = {"id": "sx-bmp", "name": "T", "region": ["山西省"], "admin_level": "province", "family": "json_api",
             "start_urls": ["http://x.gov.cn/"], "params": {"list_api": "/api", "extra_query": {"ADMDIV": "1"}}}
    with pytest.raises(ConfigError) as raised:
        parse_registry({"portals": [entry]}, "portals.yaml")
    assert str(raised.value).startswith(
        "portals.yaml: invalid portal registry: portal 'sx-bmp': params key 'extra_query' is not a json_api parameter (known: ")


def test_a_badly_typed_params_value_is_refused_naming_the_portal():
    entry = {"id": "yq", "name": "T", "region": ["山西省"], "admin_level": "city", "family": "trs",
             "start_urls": ["http://x.gov.cn/"], "params": {"first_suffix": "two"}}
    with pytest.raises(ConfigError) as raised:
        parse_registry({"portals": [entry]}, "portals.yaml")
    assert "portal 'yq': params.first_suffix: " in str(raised.value)
