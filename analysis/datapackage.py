"""Build the Frictionless descriptor of the codings from the codebook and the column lists, so that the
codings load with types and enums in R, Python or a spreadsheet and cannot drift from the validator."""

from typing import Any

from analysis.codebook import Codebook
from analysis.codings import BOOLEANS, EVENT_ID, PRECISIONS
from analysis.states import WINDOW_END, WINDOW_START

ISO3_LIST = r"^[A-Z]{3}(;[A-Z]{3})*$"
ISO3 = r"^[A-Z]{3}$"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def _field(name: str, type_: str, description: str, **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": type_, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _window() -> dict[str, str]:
    return {"minimum": WINDOW_START.isoformat(), "maximum": WINDOW_END.isoformat()}


def build_datapackage(codebook: Codebook) -> dict[str, Any]:
    events = [
        _field("event_id", "string", "Event id: coder batch and number", required=True, unique=True,
               pattern=EVENT_ID.pattern),
        _field("start_date", "date", "First day of the event as reported", required=True, **_window()),
        _field("end_date", "date", "Last day of a multi-day event; empty if one day or unknown", **_window()),
        _field("date_precision", "string", "Precision of start_date", required=True, enum=list(PRECISIONS)),
        _field("category", "string", "Codebook category", required=True, enum=list(codebook.codes)),
        _field("participants", "string", "Participating states, ISO3 joined by ';', alphabetical",
               required=True, pattern=ISO3_LIST),
        _field("provider", "string", "Giving state (directional categories)", pattern=ISO3),
        _field("recipient", "string", "Receiving state (directional categories)", pattern=ISO3),
        {**_field("multilateral", "boolean", "More than two states take part", required=True),
         "trueValues": [BOOLEANS[0]], "falseValues": [BOOLEANS[1]]},
        _field("location", "string", "Place of the event"),
        _field("title", "string", "Short title in the coder's words", required=True),
        _field("description", "string", "One or two sentences in the coder's words", required=True),
        _field("evidence", "string", "Evidence level (codebook)", required=True,
               enum=list(codebook.evidence_levels)),
        _field("coder", "string", "Coder id", required=True),
        _field("notes", "string", "Borderline calls, claimants, related events"),
    ]  # fmt: skip
    sources = [
        _field("event_id", "string", "The event this source supports", required=True),
        _field(
            "url", "string", "Page address exactly as retrieved", required=True, pattern=r"^https?://\S+$"
        ),
        _field("outlet", "string", "Publishing outlet", required=True),
        _field("published", "date", "Page date, if shown"),
        _field("supports", "string", "Fields of the event the page supports", required=True),
    ]
    search_log = [
        _field("query", "string", "Query as sent to the search tool", required=True),
        _field("dyad", "string", "Dyad searched for, or 'all'", required=True),
        _field("category", "string", "Category searched for, or 'all'", required=True),
        _field("year_from", "integer", "First year searched", required=True),
        _field("year_to", "integer", "Last year searched", required=True),
        _field(
            "results_used", "integer", "Events coded or confirmed from the results", required=True, minimum=0
        ),
    ]
    return {
        "profile": "tabular-data-package",
        "name": "crink-defence-diplomacy-events",
        "title": "Defence diplomacy among China, Russia, North Korea and Iran, 2000-2025: event codings",
        "version": codebook.version,
        "licenses": [LICENSE],
        "sources": [{"title": "News and official pages; one address per event and source in sources.csv"}],
        "resources": [
            _resource("events", "data/raw/events.csv", events, primary_key=["event_id"]),
            _resource("sources", "data/raw/sources.csv", sources, primary_key=["event_id", "url"],
                      foreign_keys=[{"fields": ["event_id"], "reference": {"resource": "events", "fields": ["event_id"]}}]),
            _resource("search_log", "data/raw/search_log.csv", search_log),
        ],
    }  # fmt: skip


def _resource(name: str, path: str, fields: list[dict[str, Any]], **keys: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if "primary_key" in keys:
        schema["primaryKey"] = keys["primary_key"]
    if "foreign_keys" in keys:
        schema["foreignKeys"] = keys["foreign_keys"]
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }
