"""Command line: `python -m analysis validate|run|merge|sample|codebook|datapackage` (see --help)."""

import argparse
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _params() -> dict:
    return yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))


def _validate(args: argparse.Namespace) -> int:
    from analysis.codings import validate

    report, _, _ = validate(Path(args.directory))
    for problem in report.problems:
        print(problem)
    print(("FAILED: " if report.errors else "ok: ") + report.summary())
    return 1 if report.errors else 0


def _run(args: argparse.Namespace) -> int:
    from analysis.notebook import run_notebook

    params = _params()
    if args.params not in params:
        print(f"params.yaml: {args.params}: no such section", file=sys.stderr)
        return 2
    source = Path(args.notebook)
    output = Path(args.output or REPO / "build" / "notebooks" / f"{source.stem}.ipynb")
    run_notebook(source, output, params[args.params], cwd=REPO, stage=args.params)
    print(f"wrote {output}")
    return 0


def _codebook(args: argparse.Namespace) -> int:
    from analysis.codebook import load_codebook
    from analysis.docs import render_codebook
    from analysis.outputs import write_text

    write_text(render_codebook(load_codebook()), Path(args.output))
    return 0


def _datapackage(args: argparse.Namespace) -> int:
    from analysis.codebook import load_codebook
    from analysis.datapackage import build_datapackage
    from analysis.outputs import write_json

    write_json(build_datapackage(load_codebook()), Path(args.output))
    return 0


def _merge(args: argparse.Namespace) -> int:
    from analysis.codings import CodingsError
    from analysis.staging import merge_batch

    try:
        result = merge_batch(Path(args.batch), Path(args.raw))
    except CodingsError as err:
        print(f"not merged; the merged codings would break these rules:\n{err}")
        return 1
    print(f"merged {len(result.merged)}, rejected {len(result.rejected)}, pending {len(result.pending)}")
    for label, ids in (("rejected", result.rejected), ("pending", result.pending)):
        if ids:
            print(f"{label}: {' '.join(ids)}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.codings import read_codings
    from analysis.outputs import write_csv
    from analysis.reliability import draw

    events = read_codings(Path(args.raw)).events
    exclude = frozenset().union(*(pd.read_csv(f, dtype=str)["event_id"] for f in args.exclude))
    cuts = _params()["reliability"]["strata_cuts"]
    picks = draw(events, args.n, args.seed, cuts, exclude)
    write_csv(picks, Path(args.output))
    print(f"wrote {len(picks)} events to {args.output}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check the raw codings; exit 1 and list every problem if any")
    p.add_argument("directory", nargs="?", default="data/raw")
    p.set_defaults(func=_validate)
    p = sub.add_parser("run", help="execute a notebook deterministically with one params.yaml section")
    p.add_argument("notebook")
    p.add_argument("--params", required=True, help="the params.yaml section to inject")
    p.add_argument("--output", help="executed notebook path (default build/notebooks/<name>.ipynb)")
    p.set_defaults(func=_run)
    p = sub.add_parser("sample", help="draw a seeded stratified sample of events with their coding as drawn")
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--exclude", nargs="*", default=[], help="sample files whose events are not drawn again")
    p.add_argument("--output", required=True)
    p.add_argument("--raw", default="data/raw")
    p.set_defaults(func=_sample)
    p = sub.add_parser("codebook", help="render data/codebook.yaml as Markdown")
    p.add_argument("--output", default=str(REPO / "docs" / "codebook.md"))
    p.set_defaults(func=_codebook)
    p = sub.add_parser("datapackage", help="write the Frictionless descriptor of the codings")
    p.add_argument("--output", default=str(REPO / "datapackage.json"))
    p.set_defaults(func=_datapackage)
    p = sub.add_parser("merge", help="append a checked coder batch (with check.csv) to the raw codings")
    p.add_argument("batch")
    p.add_argument("--raw", default="data/raw")
    p.set_defaults(func=_merge)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
