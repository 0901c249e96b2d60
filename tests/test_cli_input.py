"""Reading case files in the real command: limits on what is read, standard input, strict JSON.

Each test starts from a defect the hostile-input probe found (issue 12) and runs the command in
a child process, because the defects were in the reading of files and streams."""

from __future__ import annotations

import json
import os

import pytest

from casebuilders import child_request_case
from sendrules.inputs import MAX_INPUT_BYTES, MAX_NUMBER_CHARS, parse_document
from sendrules.errors import InputError
from subprocess_cli import error_doc, sendrules

AS_AT = ("--as-at", "2025-03-01")


def _case_text() -> str:
    return json.dumps(child_request_case())


def test_an_integer_of_5000_digits_is_invalid_input_not_an_internal_error(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(_case_text().replace('"case_id"', '"x": ' + "1" * 5000 + ', "case_id"'), encoding="utf-8")
    proc = sendrules("evaluate", path, *AS_AT, "--format", "json")
    assert proc.returncode == 2, proc.stderr
    (problem,) = error_doc(proc)["problems"]
    assert f"limit of {MAX_NUMBER_CHARS} characters" in problem
    assert "1111" not in problem


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_at_once(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    proc = sendrules("evaluate", device, *AS_AT, timeout=60)
    assert proc.returncode == 2
    assert b"not a regular file" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    proc = sendrules("evaluate", fifo, *AS_AT, timeout=60)
    assert proc.returncode == 2
    assert b"not a regular file" in proc.stderr


def test_a_folder_without_case_files_is_invalid_input(tmp_path):
    """A folder is a batch of its .json and .jsonl files (tests/test_batch.py); an empty one is an error."""
    proc = sendrules("evaluate", tmp_path, *AS_AT)
    assert proc.returncode == 2 and b"no .json or .jsonl files in this folder" in proc.stderr


@pytest.mark.parametrize("text", [b"", b"\n  \n\n"])
def test_a_jsonl_file_without_documents_is_invalid_input_like_an_empty_folder(tmp_path, text):
    empty = tmp_path / "export.jsonl"
    empty.write_bytes(text)
    proc = sendrules("evaluate", empty, *AS_AT, "--format", "jsonl")
    assert proc.returncode == 2
    line = json.loads(proc.stdout)   # the batch's error line, in the output's own format
    assert "export.jsonl: no documents in this file" in json.dumps(line)


def test_dash_reads_the_case_from_standard_input():
    proc = sendrules("evaluate", "-", *AS_AT, "--format", "json", stdin=_case_text().encode())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["case_id"] == "case-1"


def test_standard_input_is_read_within_the_limit():
    proc = sendrules("evaluate", "-", *AS_AT, stdin=b" " * (MAX_INPUT_BYTES + 1), timeout=60)
    assert proc.returncode == 2
    assert f"limit of {MAX_INPUT_BYTES:,} bytes".encode() in proc.stderr


def test_standard_input_may_be_named_once():
    proc = sendrules("evaluate", "-", "-", *AS_AT, stdin=_case_text().encode())
    assert proc.returncode == 2 and b"only once" in proc.stderr


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + _case_text().encode())
    proc = sendrules("evaluate", path, *AS_AT, "--format", "json")
    assert proc.returncode == 0, proc.stderr


def test_a_byte_that_is_not_utf8_is_named_by_line(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{\n"case_id": "\xe9"}')
    proc = sendrules("evaluate", path, *AS_AT)
    assert proc.returncode == 2 and b"not UTF-8 text" in proc.stderr and b"line 2" in proc.stderr


# --- strict JSON (in-process: the parser is a function of the text) --------------------------

def test_a_key_given_twice_is_refused_and_named_only_when_the_schema_knows_it():
    with pytest.raises(InputError) as known:
        parse_document('{"case_id": "A1", "case_id": "B2"}', "c.json")
    assert known.value.problems == ["c.json: the key `case_id` is given twice in one object (each key may be "
                                    "given once)"]
    with pytest.raises(InputError) as unknown:
        parse_document('{"jane_smith": 1, "jane_smith": 2}', "c.json")
    assert "jane_smith" not in str(unknown.value) and "a key is given twice" in str(unknown.value)


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}'])
def test_nan_and_infinity_are_not_json(text):
    with pytest.raises(InputError, match="NaN and Infinity"):
        parse_document(text, "c.json")


def test_json_nested_too_deeply_is_invalid_input():
    with pytest.raises(InputError, match="nested more deeply"):
        parse_document("[" * 100_000 + "]" * 100_000, "c.json")


def test_a_syntax_error_names_line_and_column_not_the_text():
    with pytest.raises(InputError) as exc:
        parse_document('{\n  "case_id": secret-name\n}', "c.json")
    assert exc.value.problems == ["c.json: not valid JSON (line 2, column 14)"]


def test_jsonl_lines_each_give_a_document_or_their_problem_and_reading_goes_on(monkeypatch):
    """One reader serves `evaluate FILE.jsonl` and `audit FILE.jsonl`: a line over the limit is
    skipped in pieces (never held whole), a blank line is skipped but counted, and every bad line
    is named by its number while the lines after it are still read."""
    import io

    import sendrules.inputs as inputs
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 20)
    text = (b'{"a": 1}\n' + b'{"b": "' + b"x" * 70 + b'"}\n' + b"\n" + b"\xff\xfe\n" + b"{nope\n"
            + b'{"c": 2}')  # the last line has no newline
    got = list(inputs.jsonl_documents(io.BytesIO(text), "f.jsonl"))
    assert [(where, doc) for where, doc, _ in got] == [
        ("f.jsonl:1", {"a": 1}), ("f.jsonl:2", None), ("f.jsonl:4", None), ("f.jsonl:5", None),
        ("f.jsonl:6", {"c": 2})]
    problems = [p for _, _, ps in got for p in ps]
    assert problems[0] == "f.jsonl:2: the line is larger than the limit of 20 bytes"
    assert problems[1] == "f.jsonl:4: the line is not UTF-8 text"
    assert problems[2].startswith("f.jsonl:5: not valid JSON") and len(problems) == 3
