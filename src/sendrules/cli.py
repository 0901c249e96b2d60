"""The `sendrules` command line.

Exit codes: 0 success; 1 a scenario failed; 2 invalid input (case, settings or usage);
3 the rulebook failed its checks; 4 internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from .api import check_rules
from .errors import InputError, RulebookError
from .result.canonical import canonical_json

EXIT_OK, EXIT_SCENARIO_FAILED, EXIT_INVALID_INPUT, EXIT_CHECK_FAILED, EXIT_INTERNAL = 0, 1, 2, 3, 4
MAX_CASE_BYTES = 5_000_000


class UsageError(Exception):
    pass


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("dates are written YYYY-MM-DD") from None


def _setting(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise argparse.ArgumentTypeError("write --setting NAME=VALUE")
    name, raw = text.split("=", 1)
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return name.strip(), value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sendrules", description="English SEND law as rules, with citations.")
    p.add_argument("--rules", type=Path, default=None, help="rules folder (default: the bundled law)")
    sub = p.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="evaluate case files and area files (an area file has area_id, not case_id)")
    ev.add_argument("cases", nargs="+", type=Path, metavar="FILE")
    ev.add_argument("--as-at", type=_date, default=None, help="as-at date (default: today)")
    ev.add_argument("--format", choices=["text", "json"], default="text")
    ev.add_argument("--explain", action="store_true", help="include the full explanation (and auditor tree)")
    ev.add_argument("--all", action="store_true", dest="all_outcomes",
                    help="keep the not_applicable outcomes in the JSON result (left out by default)")
    ev.add_argument("--setting", action="append", type=_setting, default=[], metavar="NAME=VALUE")
    ev.add_argument("--engine", choices=["python", "durable"], default="python",
                    help="evaluation engine (durable: the durable-rules cross-check; needs sendrules[durable])")
    ex = sub.add_parser("explain", help="show a rule, setting, parameter or finding: text, citations, versions")
    ex.add_argument("name")
    ex.add_argument("--format", choices=["text", "json"], default="text")
    ck = sub.add_parser("check", help="check the rulebook")
    ck.add_argument("--format", choices=["text", "json"], default="text")
    mg = sub.add_parser("migrate", help=("upgrade case files (schema 1.0 to 2.0) and scenario files (format 1 to 2); "
                                         "prints them, or rewrites them with --in-place"))
    mg.add_argument("cases", nargs="+", type=Path, metavar="FILE")
    mg.add_argument("--in-place", action="store_true", help="rewrite each file instead of printing it")
    rl = sub.add_parser("rules", help="the rule catalogue: every rule with its citations")
    rl.add_argument("--format", choices=["text", "json"], default="text")
    sc = sub.add_parser("schema", help="print a JSON Schema")
    sc.add_argument("kind", choices=["case", "area", "result", "rules", "scenario"])
    ts = sub.add_parser("test", help="run scenario files (default: the bundled scenarios)")
    ts.add_argument("paths", nargs="*", type=Path)
    ts.add_argument("--format", choices=["text", "json"], default="text")
    ts.add_argument("--engine", choices=["python", "durable"], default="python")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    fmt = getattr(args, "format", "text")
    try:
        return _dispatch(args)
    except InputError as exc:
        return _fail(fmt, "invalid_input", exc.problems, EXIT_INVALID_INPUT)
    except RulebookError as exc:
        return _fail(fmt, "check_failed", [d.render() for d in exc.diagnostics], EXIT_CHECK_FAILED)
    except UsageError as exc:
        return _fail(fmt, "invalid_input", [str(exc)], EXIT_INVALID_INPUT)
    except Exception as exc:  # noqa: BLE001 - the last resort must not echo case data
        return _fail(fmt, "internal_error", [f"{type(exc).__name__} (please report; no case data is shown)"],
                     EXIT_INTERNAL)


def _fail(fmt: str, kind: str, problems: list[str], code: int) -> int:
    if fmt == "json":
        print(canonical_json({"error": {"kind": kind, "exit_code": code, "problems": problems}}, indent=2))
    else:
        print(f"sendrules: {kind.replace('_', ' ')}", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
    return code


def _rulebook(args: argparse.Namespace):
    rb, diags = check_rules(args.rules)
    if rb is None:
        raise RulebookError(diags)
    return rb


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "schema":
        from .schema import json_schema
        print(canonical_json(json_schema(args.kind), indent=2))
        return EXIT_OK
    if args.command == "check":
        return _check(args)
    if args.command == "migrate":
        return _migrate(args)
    rb = _rulebook(args)
    if args.command == "evaluate":
        return _evaluate(rb, args)
    if args.command == "explain":
        from .describe import describe
        print(describe(rb, args.name, args.format))
        return EXIT_OK
    if args.command == "test":
        return _test(rb, args)
    if args.command == "rules":
        return _rules(rb, args)
    raise UsageError(f"unknown command {args.command}")


def _read_case(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_CASE_BYTES:
            raise UsageError(f"{path}: case file is larger than {MAX_CASE_BYTES} bytes")
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise UsageError(f"{path}: not valid JSON" + (f" (line {line})" if line else "")) from None
    except RecursionError:
        raise UsageError(f"{path}: JSON nested too deeply") from None


def _evaluate(rb, args: argparse.Namespace) -> int:
    from .api import document
    from .engines import evaluate_with
    from .explain.text import report
    from .facts.validation import is_area_document
    as_at = args.as_at or dt.date.today()
    settings = dict(args.setting)
    docs, texts = [], []
    for path in args.cases:
        data = _read_case(path)
        root = "area" if is_area_document(data) else "case"
        try:
            ev = evaluate_with(rb, root, data, as_at, settings=settings, engine=args.engine,
                               explain=args.explain or args.format == "text")
        except InputError as exc:
            raise InputError([f"{path.name}: {p}" for p in exc.problems]) from None
        for notice in ev.notices:
            print(f"sendrules: note: {path.name}: {notice}", file=sys.stderr)
        if args.format == "json":
            docs.append(document(ev, args.all_outcomes, args.explain))
        else:
            texts.append(report(ev, explain=args.explain, tree=args.explain))
    if args.format == "json":
        print(canonical_json(docs[0] if len(docs) == 1 else docs))
    else:
        print(("\n" + "=" * 78 + "\n\n").join(texts), end="")
    return EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    """Case files (JSON, schema 1.0) and scenario files (YAML, format 1) to the current formats."""
    for path in args.cases:
        text = _migrated_scenarios(path) if path.suffix in (".yaml", ".yml") else _migrated_case(path)
        if args.in_place:
            path.write_text(text, encoding="utf-8")
            print(f"{path}: upgraded", file=sys.stderr)
        else:
            print(text, end="")
    return EXIT_OK


def _migrated_case(path: Path) -> str:
    from .facts import migrate
    from .facts.validation import validate_subject
    data = _read_case(path)
    if not isinstance(data, dict) or data.get("schema_version") != migrate.FROM_VERSION:
        raise UsageError(f"{path}: not a schema {migrate.FROM_VERSION} case file (its schema_version is not "
                         f"{migrate.FROM_VERSION!r})")
    upgraded = migrate.upgrade_case(data)
    try:
        validate_subject("case", upgraded)
    except InputError as exc:
        raise InputError([f"{path.name}: {p}" for p in exc.problems]) from None
    return json.dumps(upgraded, indent=2, ensure_ascii=False) + "\n"


def _migrated_scenarios(path: Path) -> str:
    import tempfile
    from .load.yaml_reader import read_yaml
    from .scenarios.migrate import upgrade_text
    from .scenarios.runner import load_scenarios
    data, diags = read_yaml(path)
    if diags:
        raise UsageError("; ".join(d.render() for d in diags))
    if not isinstance(data, dict) or data.get("format") != "sendrules.scenarios/1":
        raise UsageError(f"{path}: not a format 1 scenario file (format: sendrules.scenarios/1)")
    text = upgrade_text(path.read_text(encoding="utf-8"), data)
    # the upgraded file must load, with the same scenarios in the same order
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / path.name
        probe.write_text(text, encoding="utf-8")
        before, after = load_scenarios([path]), load_scenarios([probe])
    if after.errors or [s.scenario.name for s in after.scenarios] != [s.scenario.name for s in before.scenarios]:
        raise UsageError(f"{path}: could not be upgraded safely ({'; '.join(after.errors) or 'scenarios differ'})")
    return text


def _rules(rb, args: argparse.Namespace) -> int:
    from .catalogue import catalogue
    cat = catalogue(rb)
    if args.format == "json":
        print(canonical_json(cat))
        return EXIT_OK
    for rid, rule in cat["rules"].items():
        latest = rule["versions"][-1]
        cite = "; ".join(c["text"] for c in latest["citations"])
        print(f"{rid}  ({rule['kind']}, {rule['scope']})  {rule['description']}  [{cite}]")
    print(f"\n{len(cat['rules'])} rules; `sendrules explain RULE` shows one in full")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    rb, diags = check_rules(args.rules)
    errors = [d for d in diags if d.severity == "error"]
    if args.format == "json":
        print(canonical_json({"ok": rb is not None, "diagnostics": [
            {"file": d.file, "line": d.line, "severity": d.severity, "key": d.key, "message": d.message}
            for d in diags]}, indent=2))
    else:
        for d in diags:
            print(d.render())
        if rb is not None:
            n_rules = len(rb.programs)
            print(f"ok: {n_rules} rules, {len(rb.parameters)} parameters, {len(rb.findings)} findings, "
                  f"{len(rb.settings)} settings; {len(diags)} warning(s)")
        else:
            print(f"failed: {len(errors)} error(s)")
    return EXIT_OK if rb is not None else EXIT_CHECK_FAILED


def _test(rb, args: argparse.Namespace) -> int:
    from .load.loader import rules_dir_default
    from .scenarios.runner import run_all, scenario_files
    roots = args.paths or [(args.rules or rules_dir_default()) / "scenarios"]
    paths = [p for r in roots for p in scenario_files(r)]
    results, errors = run_all(rb, paths, args.engine)
    failed = [r for r in results if not r.passed]
    if args.format == "json":
        print(canonical_json({"errors": errors, "passed": len(results) - len(failed), "failed": len(failed),
                              "scenarios": [{"file": r.file, "line": r.line, "name": r.name, "passed": r.passed,
                                             "failures": r.failures} for r in results]}, indent=2))
    else:
        width = max((len(r.name) for r in results), default=10)
        for r in results:
            print(f"{'PASS' if r.passed else 'FAIL'}  {r.name:<{width}}  {Path(r.file).name}:{r.line}")
        for e in errors:
            print(f"ERROR {e}")
        for r in failed:
            print(f"\n--- {r.name} ({r.file}:{r.line})")
            for f in r.failures:
                print(f"  {f}")
            print("  trace:")
            print("    " + r.report.replace("\n", "\n    "))
        print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_OK if not failed and not errors else EXIT_SCENARIO_FAILED


if __name__ == "__main__":
    sys.exit(main())
