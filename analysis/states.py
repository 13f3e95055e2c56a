"""The four states, their six dyads and the study window: the one place these facts live."""

from datetime import date
from itertools import combinations

STATES: tuple[str, ...] = ("CHN", "IRN", "PRK", "RUS")
STATE_NAMES: dict[str, str] = {"CHN": "China", "IRN": "Iran", "PRK": "North Korea", "RUS": "Russia"}
WINDOW_START = date(2000, 1, 1)
WINDOW_END = date(2025, 12, 31)


def dyad_name(a: str, b: str) -> str:
    """Name a pair of states alphabetically, e.g. ('RUS', 'CHN') -> 'CHN-RUS', so each dyad has one name."""
    if a == b:
        raise ValueError(f"a dyad needs two different states, got {a!r} twice")
    first, second = sorted((a, b))
    return f"{first}-{second}"


DYADS: tuple[str, ...] = tuple(dyad_name(a, b) for a, b in combinations(STATES, 2))
