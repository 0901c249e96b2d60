"""The `sendrules` command line.

Exit codes (console.py): 0 success; 1 a scenario failed; 2 invalid input (case, settings,
scenario file or usage); 3 the rulebook failed its checks; 4 internal error; 5 evaluated, but
some outcome has status `error`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .api import check_rules
from .commands import audit as audit_command
from .commands import rules as rules_command
from .commands import scenario as scenario_command
from .commands import serve as serve_command
from .commands import verify as verify_command
from .commands import whatif as whatif_command
from .commands.options import add_whatif_options, date_arg, name_value, whatif_rulebook
from .calendar.today import ENGLAND, today_in_england
from .console import (EXIT_CHECK_FAILED, EXIT_CODES_HELP, EXIT_INTERNAL, EXIT_INVALID_INPUT, EXIT_OK,
                      EXIT_OUTCOME_ERRORS, EXIT_SCENARIO_FAILED, Parser, UsageError, configure_streams,
                      format_asked, note, say_rules_in_use)
from .errors import InputError, RulebookError
from .inputs import check_stdin_once, display_name, read_document
from .result.canonical import canonical_json


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 64:
        raise argparse.ArgumentTypeError("--jobs takes a whole number from 1 to 64")
    return n


def _version() -> str:
    from importlib import metadata
    try:
        return metadata.version("sendrules")
    except metadata.PackageNotFoundError:
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    p = Parser(prog="sendrules", description="English SEND law as rules, with citations.", epilog=EXIT_CODES_HELP,
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"sendrules {_version()} (Python {sys.version.split()[0]})")
    p.add_argument("--rules", type=Path, default=None, help="rules folder (default: the bundled law)")
    sub = p.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="evaluate case files and area files (an area file has area_id, not case_id)",
                        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    ev.add_argument("cases", nargs="+", type=Path, metavar="FILE",
                    help="case or area files (JSON), folders of them, or JSONL files (one a line); - reads standard "
                         "input. A file that is invalid is reported and the others are still evaluated")
    ev.add_argument("--as-at", type=date_arg, default=None,
                    help=f"as-at date, YYYY-MM-DD (default: today in England, {ENGLAND})")
    ev.add_argument("--format", choices=["text", "json", "jsonl"], default="text",
                    help="jsonl: one result document a line (an input that could not be evaluated: an error line)")
    ev.add_argument("--explain", action="store_true", help="include the full explanation (and auditor tree)")
    ev.add_argument("--all", action="store_true", dest="all_outcomes",
                    help="keep the not_applicable outcomes in the JSON result (left out by default)")
    ev.add_argument("--setting", action="append", type=name_value, default=[], metavar="NAME=VALUE",
                    help="override a setting (repeatable); `sendrules explain settings` lists them with their "
                         "defaults and allowed values")
    ev.add_argument("--engine", choices=["python", "durable"], default="python",
                    help="evaluation engine (durable: the durable-rules cross-check; needs sendrules[durable])")
    ev.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                    help="evaluate the inputs in N processes (output stays in the order given; default 1)")
    ev.add_argument("--only", action="append", default=None, metavar="RULE",
                    help="decide only this rule (an id or an outcome key) and the rules it reads; repeatable")
    add_whatif_options(ev)
    ex = sub.add_parser("explain", help="show a rule, setting, parameter or finding: text, citations, versions")
    ex.add_argument("name", help=("a rule id (`sendrules rules` lists them), setting.NAME, param.NAME or "
                                  "finding.NAME; or `settings`, `parameters` or `findings` to list them"))
    ex.add_argument("--format", choices=["text", "json"], default="text")
    ck = sub.add_parser("check", help="check the rulebook (prints the folder checked and its hash)")
    ck.add_argument("folder", nargs="?", type=Path, default=None,
                    help="rules folder to check (the same as --rules FOLDER; default: the bundled law)")
    ck.add_argument("--format", choices=["text", "json"], default="text")
    mg = sub.add_parser("migrate", help=("upgrade case files (schema 1.0 to 2.0) and scenario files (format 1 to 2); "
                                         "prints them, or rewrites them with --in-place"))
    mg.add_argument("cases", nargs="+", type=Path, metavar="FILE", help="files to upgrade; - reads standard input")
    mg.add_argument("--in-place", action="store_true", help="rewrite each file instead of printing it")
    rules_command.add_parser(sub)
    scenario_command.add_parser(sub)
    sc = sub.add_parser("schema", help="print a JSON Schema")
    sc.add_argument("kind", choices=["case", "area", "result", "rules", "scenario", "overlay"])
    ts = sub.add_parser("test", help="run scenario files (default: the bundled scenarios)")
    ts.add_argument("paths", nargs="*", type=Path, help="scenario files or folders (default: the rules' scenarios/)")
    ts.add_argument("--format", choices=["text", "json"], default="text")
    ts.add_argument("--engine", choices=["python", "durable"], default="python")
    ts.add_argument("--explain", action="store_true", help="print each failing scenario's trace after its differences")
    ts.add_argument("--coverage", action="store_true",
                    help="also report which scenarios reach each rule, exception label and duty status, and fail "
                         "when a rule or exception label is reached by none (docs/scenarios.md)")
    ts.add_argument("--coverage-html", type=Path, default=None, metavar="FILE",
                    help="write the coverage report as a self-contained HTML page (implies --coverage)")
    ts.add_argument("--coverage-detail", action="store_true", help="list every rule in the text coverage report")
    ts.add_argument("--allowlist", type=Path, default=None, metavar="FILE",
                    help="the reviewed list of unreachable targets (default: coverage-allowlist.txt in the rules folder)")
    serve_command.add_parser(sub)
    add_whatif_options(ts)
    whatif_command.add_parser(sub)
    verify_command.add_parser(sub)
    audit_command.add_parser(sub)
    for command in sub.choices.values():
        # `--rules` may also follow the command (`sendrules check --rules DIR`); given there, it wins
        command.add_argument("--rules", type=Path, default=argparse.SUPPRESS, help="rules folder (default: the bundled law)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    fmt = format_asked(argv)
    configure_streams(fmt)
    try:
        args = _parser().parse_args(argv)
    except UsageError as exc:
        return _fail(fmt, "invalid_input", [str(exc)], EXIT_INVALID_INPUT)
    fmt = getattr(args, "format", "text")
    try:
        return _dispatch(args)
    except BrokenPipeError:
        # the reader went away (`sendrules evaluate ... | head`): nothing more to say to it
        _silence_stdout()
        return EXIT_OK
    except InputError as exc:
        return _fail(fmt, "invalid_input", exc.problems, EXIT_INVALID_INPUT)
    except RulebookError as exc:
        return _fail(fmt, "check_failed", [d.render() for d in exc.diagnostics], EXIT_CHECK_FAILED)
    except UsageError as exc:
        return _fail(fmt, "invalid_input", [str(exc)], EXIT_INVALID_INPUT)
    except Exception as exc:  # noqa: BLE001 - the last resort must not echo case data
        return _fail(fmt, "internal_error", [f"{type(exc).__name__} (please report; no case data is shown)"],
                     EXIT_INTERNAL)


def _silence_stdout() -> None:
    import os
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _fail(fmt: str, kind: str, problems: list[str], code: int) -> int:
    try:
        if fmt in ("json", "jsonl"):
            # JSONL output stays one document a line, even for an error that ends the run
            print(canonical_json({"error": {"kind": kind, "exit_code": code, "problems": problems}},
                                 indent=None if fmt == "jsonl" else 2), flush=True)
        else:
            print(f"sendrules: {kind.replace('_', ' ')}", file=sys.stderr)
            for p in problems:
                print(f"  {p}", file=sys.stderr)
    except BrokenPipeError:
        # the reader went away before the error was written: the exit code still says what happened
        _silence_stdout()
    return code


def _rulebook(args: argparse.Namespace):
    return whatif_rulebook(args)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "schema":
        from .schema import json_schema
        print(canonical_json(json_schema(args.kind), indent=2))
        return EXIT_OK
    if args.command == "check":
        return _check(args)
    if args.command == "serve":
        return serve_command.run(args)
    if args.command == "migrate":
        return _migrate(args)
    if args.command == "explain":
        from .describe import describe
        print(describe(_rulebook_quietly(args), args.name, args.format))
        return EXIT_OK
    if args.command == "rules":
        return rules_command.run(args)
    if args.command == "scenario":
        return scenario_command.run(args)
    if args.command == "whatif":
        return whatif_command.run(args)
    if args.command == "verify":
        return verify_command.run(args)
    if args.command == "audit":
        return audit_command.run(args)
    rb = _rulebook(args)
    if args.command == "evaluate":
        return _evaluate(rb, args)
    if args.command == "test":
        return _test(rb, args)
    raise UsageError(f"unknown command {args.command}")


def _rulebook_quietly(args: argparse.Namespace):
    """The rulebook for commands that print the rules themselves (their output names the files)."""
    rb, diags = check_rules(args.rules)
    if rb is None:
        raise RulebookError(diags)
    return rb


def _evaluate(rb, args: argparse.Namespace) -> int:
    """Evaluate every case and area file given (folders and JSONL files too), one at a time. A file
    that cannot be read or is invalid is reported and the others are still evaluated; the exit code
    is 2 if any input was invalid, else 5 if some outcome has status `error`."""
    from .caseload import iter_items
    from .commands.options import whatif_parameters
    from .engines import evaluate_with
    from .explain.text import report_lines
    from .explain.trace import trace_nodes
    from .facts.validation import is_area_document
    from .result.stream import write_result
    check_stdin_once(args.cases)
    as_at = args.as_at or today_in_england()
    as_at_default = None if args.as_at else f"today in {ENGLAND}"
    if as_at_default:
        note(f"as-at date: {as_at.isoformat()} ({as_at_default}; give --as-at to choose)")
    settings = dict(args.setting)
    parameters = whatif_parameters(rb, args)
    errors = invalid = done = 0
    write = sys.stdout.write
    several = len(args.cases) > 1 or any(str(p) != "-" and (p.is_dir() or p.suffix == ".jsonl") for p in args.cases)
    if args.only:
        from .evaluate.evaluator import only_rules
        only_rules(rb, args.only)  # an unknown rule is said once, before any input is read
    if args.jobs > 1:
        from .commands.jobs import Options, run_jobs
        opts = Options(as_at, as_at_default, settings, parameters, args.engine, args.format, args.explain,
                       args.all_outcomes, tuple(args.only) if args.only else None)
        errors, invalid, done = run_jobs(rb, iter_items(args.cases), opts, args.jobs, write, several,
                                         lambda label, problems, n: _batch_problem(args.format, label, problems,
                                                                                   write, n))
        return _exit_code(errors, invalid, done)
    if args.format == "json" and several:
        write("[")
    for item in iter_items(args.cases):
        ev = None
        if item.ok:
            data = item.data
            item.data = None  # the validated case is in the evaluation; the raw JSON is not needed
            root = "area" if is_area_document(data) else "case"
            try:
                ev = evaluate_with(rb, root, data, as_at, settings=settings, parameters=parameters,
                                   engine=args.engine, explain=args.explain or args.format == "text",
                                   only=args.only)
            except InputError as exc:
                item.problems = [f"{item.label}: {p}" for p in exc.problems]
            del data
        if ev is None:
            invalid += 1
            if not several:
                raise InputError(item.problems)
            _batch_problem(args.format, item.label, item.problems, write, done)
            done += 1
            continue
        ev.as_at_default = as_at_default
        errors += sum(1 for o in ev.decided if o.status == "error")
        for notice in ev.notices:
            print(f"sendrules: note: {item.label}: {notice}", file=sys.stderr)
        # Each result is written as it is made, a piece at a time: the largest case's
        # explanation is over 100 MB of text (benchmarks/memory.py).
        if args.format in ("json", "jsonl"):
            write("," if done and args.format == "json" else "")
            write_result(ev, write, args.all_outcomes, trace_nodes(ev, args.all_outcomes) if args.explain else None)
            write("\n" if args.format == "jsonl" else "")
        else:
            write("\n" + "=" * 78 + "\n\n" if done else "")
            for line in report_lines(ev, explain=args.explain, tree=args.explain):
                write(line + "\n")
        done += 1
    if args.format == "json":
        write("]\n" if several else "\n")
    return _exit_code(errors, invalid, done)


def _exit_code(errors: int, invalid: int, done: int) -> int:
    if invalid:
        rest = "the others were evaluated" if done > invalid else "none could be"
        note(f"{invalid} input(s) could not be evaluated (each is reported); {rest}: exit {EXIT_INVALID_INPUT}")
        return EXIT_INVALID_INPUT
    if errors:
        note(f"{errors} outcome(s) have status `error` (each lists its errors): exit {EXIT_OUTCOME_ERRORS}")
        return EXIT_OUTCOME_ERRORS
    return EXIT_OK


def _batch_problem(fmt: str, label: str, problems: list[str], write, done: int) -> None:
    """One input of a batch that could not be evaluated: an error document in the output's own
    format (JSON, JSONL), or lines on standard error (text)."""
    if fmt == "text":
        print(f"sendrules: invalid input: {label}", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return
    doc = canonical_json({"error": {"kind": "invalid_input", "exit_code": EXIT_INVALID_INPUT, "input": label,
                                    "problems": problems}})
    write(("," if done and fmt == "json" else "") + doc + ("\n" if fmt == "jsonl" else ""))


def _migrate(args: argparse.Namespace) -> int:
    """Case files (JSON, schema 1.0) and scenario files (YAML, format 1) to the current formats."""
    check_stdin_once(args.cases)
    if args.in_place and any(str(p) == "-" for p in args.cases):
        raise UsageError("--in-place cannot rewrite standard input (-)")
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
    data = read_document(path)
    if not isinstance(data, dict) or data.get("schema_version") != migrate.FROM_VERSION:
        raise UsageError(f"{path}: not a schema {migrate.FROM_VERSION} case file (its schema_version is not "
                         f"{migrate.FROM_VERSION!r})")
    upgraded = migrate.upgrade_case(data)
    try:
        validate_subject("case", upgraded)
    except InputError as exc:
        raise InputError([f"{display_name(path)}: {p}" for p in exc.problems]) from None
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


def _check(args: argparse.Namespace) -> int:
    from .load.origin import rules_in_use
    if args.folder is not None and args.rules is not None and args.folder != args.rules:
        raise UsageError("give the rules folder once: `check FOLDER` or `--rules FOLDER`")
    given = args.folder or args.rules
    say_rules_in_use(given, name_folder=False)
    folder, how = rules_in_use(given)
    rb, diags = check_rules(given)
    errors = [d for d in diags if d.severity == "error"]
    if args.format == "json":
        print(canonical_json({"ok": rb is not None, "rules": str(folder),
                              "rulebook_hash": rb.content_hash if rb is not None else None, "diagnostics": [
            {"file": d.file, "line": d.line, "severity": d.severity, "key": d.key, "message": d.message}
            for d in diags]}, indent=2))
    else:
        print(f"rules: {folder} ({how})")
        for d in diags:
            print(d.render())
        if rb is not None:
            n_rules = len(rb.programs)
            print(f"ok: {n_rules} rules, {len(rb.parameters)} parameters, {len(rb.findings)} findings, "
                  f"{len(rb.settings)} settings; {len(diags)} warning(s)")
            print(f"rulebook hash: {rb.content_hash}")
        else:
            print(f"failed: {len(errors)} error(s)")
    return EXIT_OK if rb is not None else EXIT_CHECK_FAILED


def _test(rb, args: argparse.Namespace) -> int:
    from .commands.options import whatif_parameters
    from .engines import require_engine
    from .load.loader import rules_dir_default
    from .scenarios.runner import run_all, scenario_paths
    require_engine(args.engine)
    rules_dir = args.rules or rules_dir_default()
    roots = args.paths or [rules_dir / "scenarios"]
    paths = scenario_paths(roots)
    coverage = args.coverage or args.coverage_html is not None
    if coverage:
        from .coverage.allowlist import ALLOWLIST_NAME, read_allowlist
        from .coverage.collect import collect
        from .coverage.report import gate
        cov = collect(rb, paths, args.engine, whatif_parameters(rb, args))
        results, errors = cov.results, cov.errors
        allowed, problems = read_allowlist(args.allowlist or rules_dir / ALLOWLIST_NAME, cov)
        verdict = gate(cov, allowed, problems)
    else:
        results, errors = run_all(rb, paths, args.engine, whatif_parameters(rb, args))
    failed = [r for r in results if not r.passed]
    if args.format == "json":
        doc = {"errors": errors, "passed": len(results) - len(failed), "failed": len(failed),
               "rulebook_hash": rb.content_hash,
               "scenarios": [{"file": r.file, "line": r.line, "name": r.name, "passed": r.passed,
                              "failures": r.failures} for r in results]}
        if coverage:
            from .coverage.report import as_json
            doc["coverage"] = as_json(cov, verdict, rb.content_hash)
        print(canonical_json(doc, indent=2))
    else:
        width = max((len(r.name) for r in results), default=10)
        for r in results:
            print(f"{'PASS' if r.passed else 'FAIL'}  {r.name:<{width}}  {Path(r.file).name}:{r.line}")
        for e in errors:
            print(f"ERROR {e}")
        for r in failed:
            # the difference first: what the scenario expected against what the rules gave
            print(f"\n--- {r.name} ({r.file}:{r.line})")
            for f in r.failures:
                print(f"  {f}")
            if args.explain and r.report:
                print("  trace:")
                print("    " + r.report.replace("\n", "\n    "))
        if failed and not args.explain:
            print("\n(give --explain for each failing scenario's trace)")
        if coverage:
            from .coverage.report import text_lines
            print()
            for line in text_lines(cov, verdict, args.coverage_detail):
                print(line)
        print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed"
              + (f"; {len(errors)} scenario file problem(s)" if errors else ""))
    if coverage and args.coverage_html is not None:
        from .coverage.report import html_page
        args.coverage_html.write_text(html_page(cov, verdict), encoding="utf-8")
        note(f"coverage report written to {args.coverage_html}")
    # a scenario file that cannot be read is invalid input; a scenario that runs and fails is a failure
    if errors:
        return EXIT_INVALID_INPUT
    if failed:
        return EXIT_SCENARIO_FAILED
    if coverage and not verdict.ok:
        note("coverage gate failed: a rule or exception label is reached by no scenario (see the report)")
        return EXIT_SCENARIO_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
