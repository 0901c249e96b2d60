"""The audit pipeline: read persons, evaluate each with the rules over a process pool, write in input order.

The main process reads (and hashes) the input and counts DfE's measures; workers map each SEN2 person
to a 2.0 case and evaluate it, each having loaded the rulebook itself in its initializer. At most a
few chunks are in flight, so memory stays bounded however large the return; results are taken in
submission order, so the output files are the same for any --jobs. Persons in = persons evaluated +
persons rejected, checked before anything is written out.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from ..errors import InputError
from ..inputs import MAX_INPUT_BYTES, jsonl_documents, parse_document
from .findings import FIELDS, CitationIndex, person_rows
from .sen2_reader import SEN2Reader
from .statistics import Statistics, dfe_requests_case, dfe_requests_sen2
from .summary import REPORT_LIST_CAP, AuditSummary
from .to_case import MappingOptions, PersonRejected, person_id, sen2_settings, sen2_to_case

AUDIT_FORMAT = "sendrules.audit/1"


@dataclass
class AuditOptions:
    as_at: dt.date | None = None
    jobs: int = 1
    quiet: bool = True
    settings: dict[str, Any] = field(default_factory=dict)
    rules: Path | None = None
    mapping: MappingOptions = MappingOptions()
    within_days: int = 140
    chunk: int = 128
    overlay: Path | None = None                     # a what-if overlay laid over the rules
    parameters: dict[str, Any] | None = None        # --param overrides (already checked)


class _Hashing:
    """A binary stream that hashes and counts what is read through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.bytes = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.sha.update(data)
        self.bytes += len(data)
        return data

    def readline(self, limit: int = -1) -> bytes:
        data = self.raw.readline(limit)
        self.sha.update(data)
        self.bytes += len(data)
        return data


# ---- the worker side ------------------------------------------------------------------------------
_W: dict[str, Any] = {}


def _init_worker(rules: str | None, settings: dict[str, Any], mapping: dict[str, Any],
                 overlay: str | None = None, parameters: dict[str, Any] | None = None) -> None:
    """Each worker compiles the rulebook once, itself (nothing unpicklable crosses the process boundary)."""
    from ..api import load_rulebook
    from ..evaluate.settings import resolve_settings
    rb = load_rulebook(rules, overlay)
    resolve_settings(rb, settings)   # a bad setting is the command's error, not every person's
    _W.update(rb=rb, index=CitationIndex(rb), settings=settings, mapping=MappingOptions(**mapping),
              parameters=parameters)


def _evaluate_chunk(items: list[tuple], as_at: dt.date, want_receipt: bool) -> list[tuple]:
    """Evaluate a chunk of persons: (ordinal, pid, ok, rows, measures, problems, has_error, receipt)."""
    from ..api import document
    from ..engines import evaluate_with
    rb, index = _W["rb"], _W["index"]
    out = []
    for kind, ordinal, label, payload in items:
        pid = label
        try:
            if kind == "sen2":
                case = sen2_to_case(payload[0], payload[1], _W["mapping"])
            elif kind == "case" and isinstance(payload, dict) and "area_id" in payload:
                raise PersonRejected([f"{label}: an area file (area_id), not a case; `sendrules evaluate` reads it"])
            elif kind == "case":
                case = payload
            else:
                raise PersonRejected(payload)
            # no receipt per person (the run's one comes from the first), so no input hash per person
            ev = evaluate_with(rb, "case", case, as_at, settings=_W["settings"], parameters=_W["parameters"],
                               hash_input=False)
        except PersonRejected as exc:
            out.append((ordinal, pid, False, [], [], exc.problems, False, None))
            continue
        except InputError as exc:
            out.append((ordinal, pid, False, [], [], list(exc.problems), False, None))
            continue
        rows, measures, has_error = person_rows(ev, pid, index)
        receipt = None
        if want_receipt:
            # the receipt of the run (rulebook, versions, settings) is the same for every person
            want_receipt = False
            receipt = {k: v for k, v in document(ev)["receipt"].items() if k not in ("input_hash", "run_hash", "as_at")}
        out.append((ordinal, pid, True, rows, measures, [], has_error, receipt))
    return out


# ---- reading the input ----------------------------------------------------------------------------
@dataclass
class _Source:
    kind: str                               # sen2 | cases
    name: str
    items: Iterator[tuple]
    hasher: Any
    reader: SEN2Reader | None = None

    def close(self) -> None:
        raw = getattr(self.hasher, "raw", None)
        if raw is not None and raw is not sys.stdin.buffer and hasattr(raw, "close"):
            raw.close()


def _open_source(path: Path, stdin: BinaryIO | None = None) -> _Source:
    if str(path) == "-":
        stream = _Hashing(stdin if stdin is not None else sys.stdin.buffer)
        return _sen2_source(stream, "<stdin>")
    if not path.exists():
        raise InputError([f"{path}: no such file or folder"])
    if path.is_dir():
        return _folder_source(path)
    if path.suffix.lower() == ".jsonl":
        return _jsonl_source(path)
    return _sen2_source(_Hashing(open(path, "rb")), path.name)  # noqa: SIM115 - closed by run_audit


def _sen2_source(stream: _Hashing, name: str) -> _Source:
    reader = SEN2Reader(stream, name)
    return _Source("sen2", name, iter(reader), stream, reader)


def _jsonl_source(path: Path) -> _Source:
    stream = _Hashing(open(path, "rb"))  # noqa: SIM115 - closed by run_audit

    def items() -> Iterator[tuple]:
        for n, (where, case, problems) in enumerate(jsonl_documents(stream, path.name), 1):
            if problems:
                yield ("bad", n, where, problems)
                continue
            cid = case.get("case_id") if isinstance(case, dict) else None
            yield ("case", n, cid if isinstance(cid, str) and cid else where, case)
    return _Source("cases", path.name, items(), stream)


def _folder_source(path: Path) -> _Source:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file())
    sha = hashlib.sha256()

    class _FolderHash:
        bytes = 0

        def __init__(self) -> None:
            self.sha = sha

    hasher = _FolderHash()

    def items() -> Iterator[tuple]:
        for n, f in enumerate(files, start=1):
            raw = f.read_bytes() if f.stat().st_size <= MAX_INPUT_BYTES else None
            sha.update(f.name.encode() + b"\0" + hashlib.sha256(raw or b"").digest())
            if raw is None:
                yield ("bad", n, f.name, [f"{f.name}: larger than a case may be"])
                continue
            hasher.bytes += len(raw)
            try:
                case = parse_document(raw.decode("utf-8"), f.name)
            except UnicodeDecodeError:
                yield ("bad", n, f.name, [f"{f.name}: not UTF-8 text"])
                continue
            except InputError as exc:
                yield ("bad", n, f.name, list(exc.problems))
                continue
            cid = case.get("case_id") if isinstance(case, dict) else None
            yield ("case", n, cid if isinstance(cid, str) and cid else f.name, case)
    return _Source("cases", path.name, items(), hasher)


# ---- the run ---------------------------------------------------------------------------------------
def _chunks(source: _Source, first: tuple | None, stats: Statistics, summary: AuditSummary, size: int,
            lea: str | None) -> Iterator[list[tuple]]:
    """Work items in chunks; DfE's measures are counted here, in the main process, as persons pass."""
    chunk: list[tuple] = []
    items = source.items if first is None else _prepend(first, source.items)
    for item in items:
        summary.persons_in += 1
        if source.kind == "sen2":
            raw = item
            data = raw.data
            birth = data.get("PersonBirthDate")
            stats.add_dfe(dfe_requests_sen2(data), _date(birth),
                          any(r.get("ActivePlans") for r in data.get("Requests") or []))
            chunk.append(("sen2", raw.ordinal, person_id(lea, raw.ordinal), (raw, lea)))
        else:
            kind, n, label, payload = item
            if kind == "case" and isinstance(payload, dict):
                stats.add_dfe(dfe_requests_case(payload), _date((payload.get("person") or {}).get("birth_date")),
                              _has_plan(payload, stats.reference_date))
            chunk.append((kind, n, label, payload))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepend(first: Any, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _date(text: Any) -> dt.date | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _has_plan(case: dict[str, Any], ref: dt.date) -> bool:
    for req in case.get("requests") or []:
        if not isinstance(req, dict):
            continue
        plan = (req.get("assessment") or {}).get("plan") or {}
        issued, ceased = _date(plan.get("issued_date")), _date(plan.get("cease_date"))
        if issued and issued <= ref and not (ceased and ceased <= ref):
            return True
    return False


def _ordered_results(chunks: Iterator[list[tuple]], as_at: dt.date, options: AuditOptions,
                     settings: dict[str, Any]) -> Iterator[list[tuple]]:
    """Each chunk's results, in input order; with jobs > 1 over a bounded window of a process pool."""
    mapping = options.mapping.as_dict()
    rules = str(options.rules) if options.rules else None
    overlay = str(options.overlay) if options.overlay else None
    if options.jobs <= 1:
        _init_worker(rules, settings, mapping, overlay, options.parameters)
        got_receipt = False
        for chunk in chunks:
            results = _evaluate_chunk(chunk, as_at, not got_receipt)
            got_receipt = got_receipt or any(r[7] for r in results)
            yield results
        return
    if options.settings:
        # check the caller's settings here, before the pool, so a typo is one error and exit 2
        from ..api import load_rulebook
        from ..evaluate.settings import resolve_settings
        resolve_settings(load_rulebook(rules, overlay), settings)
    window = options.jobs * 3
    with ProcessPoolExecutor(max_workers=options.jobs, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(rules, settings, mapping, overlay, options.parameters)) as pool:
        pending: deque = deque()
        try:
            for chunk in chunks:
                # every chunk brings a receipt until one has come back (a chunk may be all rejected)
                pending.append(pool.submit(_evaluate_chunk, chunk, as_at, True))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            for f in pending:
                f.cancel()
            raise


def run_audit(path: Path, out_dir: Path, options: AuditOptions, stdin: BinaryIO | None = None) -> AuditSummary:
    """Audit a SEN2 return (or a folder or JSONL of 2.0 cases) and write findings, statistics and report."""
    started = time.perf_counter()
    source = _open_source(path, stdin)
    try:
        return _run(source, out_dir, options, started)
    finally:
        source.close()


def _run(source: _Source, out_dir: Path, options: AuditOptions, started: float) -> AuditSummary:
    summary = AuditSummary(source.name, source.kind)
    first = None
    lea = None
    collection: dict[str, Any] = {}
    settings = dict(options.settings)
    if source.kind == "sen2":
        first = next(source.items, None)
        header = source.reader.header if source.reader else None
        ref = header.reference_date if header is not None else None
        if ref is None:
            if options.as_at is None:
                raise InputError([f"{source.name}: the header has no ReferenceDate; give --as-at"])
            ref = options.as_at
        lea = header.lea if header is not None else None
        year_text = header.year if header is not None else None
        collection = {"year": year_text, "reference_date": ref.isoformat(), "lea": lea}
        settings = {**sen2_settings(int(year_text) if year_text and year_text.isdigit() else None), **settings}
        as_at = options.as_at or ref
        year = int(year_text) - 1 if year_text and year_text.isdigit() else ref.year - 1
    else:
        if options.as_at is None:
            raise InputError([f"{source.name}: case files carry no reference date; give --as-at"])
        as_at = ref = options.as_at
        year = as_at.year - 1
    stats = Statistics(year=year, reference_date=ref, lea=lea or "", within_days=options.within_days)
    summary.stats = stats
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = {name: out_dir / f".{name}.partial" for name in ("findings.csv", "findings.jsonl", "rejected.jsonl")}
    progress = _progress(options.quiet)
    try:
        with open(parts["findings.csv"], "w", newline="", encoding="utf-8") as fcsv, \
                open(parts["findings.jsonl"], "w", encoding="utf-8") as fjson, \
                open(parts["rejected.jsonl"], "w", encoding="utf-8") as frej:
            writer = csv.writer(fcsv)
            writer.writerow(FIELDS)
            chunks = _chunks(source, first, stats, summary, options.chunk, lea)
            for results in _ordered_results(chunks, as_at, options, settings):
                for ordinal, pid, ok, rows, measures, problems, has_error, receipt in results:
                    if receipt and not summary.receipt:
                        summary.receipt = receipt
                    if not ok:
                        summary.rejected += 1
                        frej.write(json.dumps({"person_id": pid, "problems": problems}, sort_keys=True) + "\n")
                        for p in problems:
                            summary.rejected_reasons[_reason(p)] += 1
                        if len(summary.rejected_list) < REPORT_LIST_CAP:
                            summary.rejected_list.append((pid, problems))
                        continue
                    summary.evaluated += 1
                    summary.persons_with_errors += has_error
                    stats.add_law(measures)
                    for m in measures:
                        if m[0] == "plan.week20_exception" and m[7] == "asserted_not_evidenced" \
                                and len(summary.week20_unevidenced) < REPORT_LIST_CAP:
                            summary.week20_unevidenced.append((pid, m[1]))
                    if rows:
                        writer.writerows(rows)
                        fjson.write("".join([_row_json(row) for row in rows]))
                    for row in rows:
                        summary.by_rule[(row[3], row[5])] += 1
                        summary.rule_cites.setdefault(row[3], (row[14], row[15]))
                    summary.findings += len(rows)
                progress.update(len(results))
    except BaseException:
        for p in parts.values():
            p.unlink(missing_ok=True)
        raise
    finally:
        progress.close()
    if source.reader is not None:
        summary.unknown_tags = source.reader.stats.unknown_tags + source.reader.stats.misplaced_tags
    if summary.persons_in != summary.evaluated + summary.rejected:
        for p in parts.values():
            p.unlink(missing_ok=True)
        raise RuntimeError("persons in != persons evaluated + persons rejected")
    summary.seconds = time.perf_counter() - started
    if not summary.receipt:
        # no person was evaluated (an empty input, or every person rejected): the rulebook's part of
        # the receipt comes from the rulebook itself, so the files still say which law was applied
        summary.receipt = _rulebook_receipt(options, settings)
    summary.receipt = _receipt(summary, source, settings, options, as_at, collection)
    _finish(out_dir, parts, summary)
    return summary


# A findings.jsonl line: the row as an object with sorted keys (json.dumps(..., sort_keys=True)'s
# bytes), made by one encoder over the fields taken in sorted order, since there are millions.
_ROW_ORDER = sorted(range(len(FIELDS)), key=FIELDS.__getitem__)
_ROW_NAMES = [FIELDS[i] for i in _ROW_ORDER]
_ROW_ENCODER = json.JSONEncoder()


def _row_json(row: tuple) -> str:
    return _ROW_ENCODER.encode(dict(zip(_ROW_NAMES, [row[i] for i in _ROW_ORDER]))) + "\n"


def _reason(problem: str) -> str:
    """A rejection reason without indexes, so the report can count alike problems together."""
    import re
    return re.sub(r"\[\d+\]", "[]", problem.split(": ", 1)[-1] if problem.count(":") > 1 else problem)


def _rulebook_receipt(options: AuditOptions, settings: dict[str, Any]) -> dict[str, Any]:
    """What a worker's first receipt gives about the rulebook, engine and settings, made without
    evaluating anyone."""
    from ..api import load_rulebook
    from ..evaluate.settings import resolve_settings
    from ..result.receipt import fixed_part, overlay_dict
    rb = load_rulebook(str(options.rules) if options.rules else None, str(options.overlay) if options.overlay else None)
    body = dict(fixed_part(rb, "python", False))
    body["settings"] = dict(sorted(resolve_settings(rb, settings).items()))
    if rb.overlay is not None:
        body["overlay"] = overlay_dict(rb.overlay)
    if options.parameters:
        body["parameters_overridden"] = dict(sorted(options.parameters.items()))
    return body


def _receipt(summary: AuditSummary, source: _Source, settings: dict[str, Any], options: AuditOptions,
             as_at: dt.date, collection: dict[str, Any]) -> dict[str, Any]:
    engine = summary.receipt or {}
    body = {
        "format": AUDIT_FORMAT,
        "input": {"name": source.name, "kind": source.kind, "sha256": source.hasher.sha.hexdigest(),
                  "bytes": source.hasher.bytes},
        "as_at": as_at.isoformat(),
        "persons": {"in": summary.persons_in, "evaluated": summary.evaluated, "rejected": summary.rejected},
        "rulebook_hash": engine.get("rulebook_hash"),
        "package_version": engine.get("package_version"),
        "python": engine.get("python"),
        "engine": engine.get("engine"),
        "dependencies": engine.get("dependencies"),
        "holiday_calendar": engine.get("holiday_calendar"),
        "settings": engine.get("settings", settings),
        "settings_overridden": sorted(settings),
        "dfe_within_days": options.within_days,
    }
    # a what-if audit says so in every file: the overlay (with its hash) and the parameters changed
    if engine.get("overlay") is not None:
        body["overlay"] = engine["overlay"]
    if engine.get("parameters_overridden"):
        body["parameters_overridden"] = engine["parameters_overridden"]
    if source.kind == "sen2":
        body["collection"] = collection
        body["mapping"] = options.mapping.as_dict()
    return body


def _finish(out_dir: Path, parts: dict[str, Path], summary: AuditSummary) -> None:
    """Put the receipt at the head of every file and move the finished files into place."""
    from .report_html import render_report
    line = json.dumps(summary.receipt, sort_keys=True)
    for name, part in parts.items():
        final = out_dir / name
        with open(final, "w", encoding="utf-8", newline="") as out, open(part, encoding="utf-8", newline="") as body:
            if name.endswith(".csv"):
                out.write(f"# receipt: {line}\n")
            else:
                out.write(json.dumps({"receipt": summary.receipt}, sort_keys=True) + "\n")
            while block := body.read(1 << 20):
                out.write(block)
        part.unlink()
    assert summary.stats is not None
    with open(out_dir / "statistics.csv", "w", encoding="utf-8", newline="") as f:
        f.write(f"# receipt: {line}\n")
        rows = summary.stats.rows()
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    (out_dir / "report.html").write_text(render_report(summary), encoding="utf-8")


class _NoProgress:
    def update(self, n: int) -> None:
        return None

    def close(self) -> None:
        return None


def _progress(quiet: bool) -> Any:
    """A progress bar on standard error when it is a terminal and --quiet was not given (tqdm)."""
    if quiet or not sys.stderr.isatty():
        return _NoProgress()
    from tqdm import tqdm
    return tqdm(unit=" persons", file=sys.stderr, mininterval=0.5, desc="audit")
