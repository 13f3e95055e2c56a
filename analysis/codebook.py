"""Read data/codebook.yaml, the single source of the categories, tiers, directions and coding rules."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CODEBOOK_PATH = Path(__file__).resolve().parent.parent / "data" / "codebook.yaml"


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    tier: int
    directional: bool
    definition: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    version: str
    categories: dict[str, Category]
    tiers: dict[int, dict[str, str]]
    evidence_levels: dict[str, str]
    raw: dict[str, Any]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.categories)

    @property
    def directional(self) -> frozenset[str]:
        return frozenset(c.code for c in self.categories.values() if c.directional)

    @property
    def tier_of(self) -> dict[str, int]:
        return {c.code: c.tier for c in self.categories.values()}


def load_codebook(path: Path = CODEBOOK_PATH) -> Codebook:
    """Parse the codebook; a category without a definition, tier or two examples is an error, not a gap."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    categories = {}
    for code, spec in raw["categories"].items():
        category = Category(
            code=code,
            label=spec["label"],
            tier=int(spec["tier"]),
            directional=bool(spec["directional"]),
            definition=" ".join(spec["definition"].split()),
            include=tuple(spec.get("include", ())),
            exclude=tuple(spec.get("exclude", ())),
            examples=tuple(spec.get("examples", ())),
        )
        if category.tier not in raw["tiers"]:
            raise ValueError(f"{path}: category {code}: tier {category.tier} is not defined under tiers")
        if len(category.examples) < 2 or not category.include or not category.exclude:
            raise ValueError(f"{path}: category {code} needs include and exclude rules and two examples")
        categories[code] = category
    return Codebook(
        version=str(raw["version"]),
        categories=categories,
        tiers={int(k): v for k, v in raw["tiers"].items()},
        evidence_levels={k: " ".join(v.split()) for k, v in raw["evidence_levels"].items()},
        raw=raw,
    )
