"""The README's Deployment commands are the ones `.ci/deploy` runs (and CI's smoke run runs that file)."""

import os
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / ".ci" / "deploy"


def readme_commands():
    """The command lines of the first sh block in the README's Deployment section."""
    section = (ROOT / "README.md").read_text().split("\n## Deployment\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [words for line in block.splitlines() if (words := shlex.split(line, comments=True))]


def script_commands():
    """The commands `.ci/deploy` runs, as an operator types them: python for "$PYTHON", a variable's default."""
    commands = []
    for line in DEPLOY.read_text().splitlines():
        words = shlex.split(line, comments=True)
        if words[:1] == ["exec"]:
            words = words[1:]
        if "$PYTHON" in words[:4]:  # or after a scheduling prefix (chrt --idle 0)
            commands.append([re.sub(r"^\$\{\w+:-(.*)\}$", r"\1", word).replace("$PYTHON", "python") for word in words])
    return commands


def test_the_readme_lists_exactly_the_commands_of_the_deploy_script():
    assert script_commands() == readme_commands()
    assert [words[:3] for words in script_commands()][:6] == [
        ["python", "manage.py", "check"],
        ["python", "manage.py", "migrate"],
        ["python", "manage.py", "load_default_questionnaire"],
        ["python", "manage.py", "collectstatic"],
        ["python", "manage.py", "refresh_summaries"],
        ["python", "manage.py", "clearsessions"],
    ]


def test_the_deploy_and_smoke_scripts_are_executable():
    assert os.access(DEPLOY, os.X_OK)
    assert os.access(ROOT / ".ci" / "smoke", os.X_OK)
