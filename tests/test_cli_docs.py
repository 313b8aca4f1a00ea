"""Every command and option has help and is in README (as sqlite-utils checks its docs)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from govbudget.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, its parser, the help its parent gave it) for every command and sub-action."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield path + (name,), sub, helps.get(name)
                yield from _commands(sub, path + (name,))


COMMANDS = list(_commands(build_parser()))
OPTIONS = [(path, action) for path, sub, _ in COMMANDS for action in sub._actions
           if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))]


def test_there_are_commands():
    assert {"parse", "crawl", "serve", "demo", "pull", "changes", "verify-archive", "portals"} <= {p[0] for p, _, _ in COMMANDS}


@pytest.mark.parametrize("path,sub,help_text", COMMANDS, ids=[" ".join(p) for p, _, _ in COMMANDS])
def test_every_command_has_help_and_is_in_readme(path, sub, help_text):
    assert help_text, f"govbudget {' '.join(path)} has no help"
    assert re.search(r"govbudget " + r"\s+".join(map(re.escape, path)) + r"\b", README), \
        f"`govbudget {' '.join(path)}` is not in README"


@pytest.mark.parametrize("path,action", OPTIONS,
                         ids=[f"{' '.join(p)} {a.option_strings[0] if a.option_strings else a.dest}" for p, a in OPTIONS])
def test_every_option_has_help_and_is_in_readme(path, action):
    name = action.option_strings[-1] if action.option_strings else action.dest
    assert action.help, f"govbudget {' '.join(path)} {name} has no help"
    if action.option_strings:
        assert any(re.search(re.escape(o) + r"\b", README) for o in action.option_strings), \
            f"{name} of `govbudget {' '.join(path)}` is not in README"


def test_global_options_have_help():
    for action in build_parser()._actions:
        if action.option_strings and not isinstance(action, argparse._HelpAction):
            assert action.help, action.option_strings
