"""What `make install-dev` installs: the test requirements and everything the README's commands run."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def pins(name: str) -> dict[str, str]:
    """Package → pinned version of a requirements file, following its ``-r`` includes."""
    found = {}
    for line in (REPO / "requirements" / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found.update(pins(line[3:].strip()))
        elif line:
            package, version = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)", line).groups()
            found[package.lower()] = version
    return found


def test_install_dev_installs_what_make_serve_runs():
    dev, prod = pins("dev.txt"), pins("prod.txt")
    assert "gunicorn" in dev
    assert prod.items() <= dev.items()
    makefile = (REPO / "Makefile").read_text()
    target = re.search(r"^\$\(VENV\)/\.installed-dev: (.*)$", makefile, re.MULTILINE).group(1)
    assert "requirements/prod.txt" in target  # a changed prod pin re-runs install-dev


def test_arguebuf_is_the_pinned_independent_aif_reader():
    assert pins("dev.txt")["arguebuf"] == "2.7.2"
