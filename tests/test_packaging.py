"""The wheel must carry every package and data file: synth must work installed, from any folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def test_every_synth_subpackage_is_listed_for_the_wheel():
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {"synth." + ".".join(p.parent.relative_to(ROOT / "synth").parts)
               for p in (ROOT / "synth").rglob("__init__.py") if p.parent != ROOT / "synth"}
    assert on_disk <= listed, f"add to pyproject packages: {sorted(on_disk - listed)}"


def test_every_domain_package_is_listed_for_the_wheel():
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {"synth.domains." + ".".join(p.parent.relative_to(ROOT / "domains").parts)
               for p in (ROOT / "domains").rglob("__init__.py") if p.parent != ROOT / "domains"}
    assert on_disk, "no domain packages found under domains/"
    assert on_disk <= set(config["packages"]), f"add to pyproject packages: {sorted(on_disk - set(config['packages']))}"


def test_domains_are_packages_with_their_grammars_inside():
    # One folder per domain: no loose modules or data beside the packages (see docs/domains.md).
    loose = [p.name for p in (ROOT / "domains").iterdir() if p.is_file() and p.name != "__init__.py"]
    assert not loose, f"move into a domain package or lexicons/: {loose}"
    for grammar in (ROOT / "domains").rglob("*.grammar"):
        assert grammar.parent.name == "grammars", f"{grammar} should sit in its domain's grammars/ folder"


def test_installed_domains_and_lexicons_are_found():
    import synth
    from synth.registry import domain_names
    from synth.resources import lexicon_path

    assert "persons" in domain_names()
    assert lexicon_path("persons", "divisions.tsv").is_file()
    assert len(synth.generate("persons", 3, seed=1)) == 3


def test_license_is_an_spdx_string_with_a_setuptools_that_reads_it():
    """A TOML table (license = { text = "MIT" }) is deprecated by setuptools and warns on every build."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert config["project"]["license"] == "MIT"
    requirement = next(r for r in config["build-system"]["requires"] if r.startswith("setuptools"))
    assert requirement.startswith("setuptools>=") and int(requirement.split(">=")[1].split(".")[0]) >= 77
