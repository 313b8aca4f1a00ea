"""prefect.yaml: every deployment loads, imports, and describes its parameters."""

from __future__ import annotations

import pytest
import yaml
from prefect.flows import load_flow_from_entrypoint
from prefect.utilities.callables import parameter_schema

from govbudget.flows.deployments import PREFECT_YAML, load_specs, runner_deployment

SPECS = load_specs()
RAW = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))


def test_prefect_yaml_defines_the_deployments_the_project_runs():
    assert [s.name for s in SPECS] == [
        "weekly-full", "daily-season", "region-shanxi", "region-ningxia", "one-off", "parser-upgrade",
    ]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_entrypoint_is_a_module_path_of_the_installed_package(spec):
    """Workers import it wherever govbudget is installed: no checkout, no working directory."""
    flow = load_flow_from_entrypoint(spec.entrypoint)
    assert (spec.entrypoint.startswith("govbudget."), ".py" in spec.entrypoint, flow.name in {"pipeline", "reparse-all"}) == (
        True, False, True)


def test_no_pull_step_needs_a_checkout():
    assert RAW["pull"] == []


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_parameters_are_in_the_flows_schema(spec):
    from prefect.utilities.importtools import import_object

    schema = parameter_schema(import_object(spec.import_path))
    assert set(spec.parameters) <= set(schema.properties)


def test_pipeline_schema_describes_each_parameter():
    from govbudget.flows.pipeline import pipeline

    schema = parameter_schema(pipeline)
    assert {name: bool(prop.get("description")) for name, prop in schema.properties.items()} == {
        "portals": True, "regions": True, "years": True, "archive": True, "registry": True,
    }


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_runner_deployment_builds_with_its_schedule(spec):
    deployment = runner_deployment(spec)
    assert [s.schedule.cron for s in deployment.schedules or []] == [s["cron"] for s in spec.schedules]


def test_every_deployment_goes_to_the_process_work_pool():
    assert {d["work_pool"]["name"] for d in RAW["deployments"]} == {"govbudget"}


def test_daily_crawls_run_only_in_the_disclosure_months():
    daily = next(s for s in SPECS if s.name == "daily-season")
    minute, hour, day, months, weekdays = daily.schedules[0]["cron"].split()
    assert (months, weekdays) == ("2,3,4,7,8,9", "1-6")


def test_schedules_are_in_the_portals_timezone():
    assert {s["timezone"] for spec in SPECS for s in spec.schedules} == {"Asia/Shanghai"}


def test_region_deployments_select_by_region():
    regions = {s.name: s.parameters.get("regions") for s in SPECS if s.name.startswith("region-")}
    assert regions == {"region-shanxi": ["山西省"], "region-ningxia": ["宁夏回族自治区"]}
