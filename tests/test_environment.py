"""The conda file, the lock and the direct requirements describe one environment."""

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def names(text: str, pattern: str) -> set[str]:
    return {m.lower().replace("_", "-") for m in re.findall(pattern, text, flags=re.MULTILINE)}


def test_environment_yml_pins_python_311_and_installs_the_lock() -> None:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert pip == ["-r requirements.lock"]


def test_every_direct_requirement_is_pinned_with_hashes() -> None:
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    direct = names((REPO / "requirements.in").read_text(encoding="utf-8"), r"^([A-Za-z0-9_.-]+)\s*$")
    pinned = names(lock, r"^([A-Za-z0-9_.-]+)==")
    assert direct and direct <= pinned
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)
