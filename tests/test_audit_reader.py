"""The SEN2 reader against real and hostile XML: the mock-up return, supplier spellings, billion
laughs, external entities, a truncated file, a multi-gigabyte element and a long streamed return."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

from sendrules.audit.sen2_reader import SEN2Error, SEN2Reader
from sendrules.audit.synthetic import GeneratedStream, generate_return

MOCKUP = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "sen2" / "SEN2-2024-mockup.xml"
if not MOCKUP.exists():
    MOCKUP = Path("/work/shared/fixtures/sen2/SEN2-2024-mockup.xml")


def _read(data: bytes, name: str = "t.xml") -> tuple[SEN2Reader, list]:
    r = SEN2Reader(io.BytesIO(data), name)
    return r, list(r)


def test_mockup_return_is_read_person_by_person():
    r, persons = _read(MOCKUP.read_bytes(), MOCKUP.name)
    assert [p.ordinal for p in persons] == [1, 2]
    assert r.header.reference_date.isoformat() == "2024-01-18" and r.header.lea == "201"
    first, second = persons
    req = first.data["Requests"][0]
    assert req["Assessment"]["NamedPlan"]["StartDate"] == "2023-12-26"
    assert len(req["Assessment"]["NamedPlan"]["PlanDetail"]) == 2
    assert [n["SENtype"] for n in req["ActivePlans"]["SENneed"]] == ["SEMH", "SPLD"]
    assert [q["RequestOutcome"] for q in second.data["Requests"]] == ["N", "A"]
    assert second.data["Requests"][1]["RequestOutcomeDate"] is None   # an empty element is absent
    assert not r.stats.unknown_tags


def test_supplier_spellings_and_casing_go_through_the_alias_table():
    text = MOCKUP.read_text()
    variant = (text.replace("SENSetting>", "SENsetting>").replace("PlanWBP>", "PlanWPB>")
               .replace("<Sex>", "<GenderCurrent>").replace("</Sex>", "</GenderCurrent>")
               .replace("ReceivedDate>", "receiveddate>").replace("Requests>", "REQUESTS>"))
    assert variant != text
    _, persons = _read(variant.encode())
    _, plain = _read(text.encode())
    assert [p.data for p in persons] == [p.data for p in plain]


def test_generated_variant_style_reads_the_same_as_dfe_spelling():
    a = [p.data for p in SEN2Reader(GeneratedStream(generate_return(40, seed=5)), "a")]
    b = [p.data for p in SEN2Reader(GeneratedStream(generate_return(40, seed=5, style="variant")), "b")]
    assert a == b and len(a) == 40


def test_unknown_elements_are_counted_and_ignored():
    data = MOCKUP.read_text().replace("<RYA>0</RYA>", "<RYA>0</RYA><SupplierExtra><X>1</X></SupplierExtra>", 1)
    r, persons = _read(data.encode())
    assert len(persons) == 2 and r.stats.unknown_tags["SupplierExtra"] == 1
    assert "SupplierExtra" not in persons[0].data["Requests"][0]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Message><Persons><Person><Surname>&lol9;</Surname></Person></Persons></Message>"""


def test_billion_laughs_is_refused_at_the_dtd():
    with pytest.raises(SEN2Error) as exc:
        _read(BILLION_LAUGHS, "laughs.xml")
    msg = exc.value.problems[0]
    assert "laughs.xml: line 2" in msg and "document type (DTD)" in msg and "0 person(s)" in msg


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE Message [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>',
    b'<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/sen2.dtd">',
])
def test_external_entities_and_dtds_are_refused_without_fetching(doctype):
    data = b'<?xml version="1.0"?>\n' + doctype + b"\n<Message><Persons><Person><Surname>&xxe;</Surname></Person></Persons></Message>"
    with pytest.raises(SEN2Error) as exc:
        _read(data)
    assert "refused" in exc.value.problems[0]
    assert "root:" not in exc.value.problems[0]        # nothing of /etc/passwd


def test_truncated_file_names_where_it_broke_and_how_many_persons_were_read():
    data = MOCKUP.read_bytes()
    cut = data[: data.index(b"<Surname>RequestRefused")]     # inside the second person
    with pytest.raises(SEN2Error) as exc:
        _read(cut, "cut.xml")
    msg = exc.value.problems[0]
    assert msg.startswith("cut.xml: the XML breaks at line ")
    assert "truncated" in msg and "1 person(s) were read before it" in msg
    assert "RequestRefused" not in msg and "TestFirstname" not in msg


def test_malformed_file_is_reported_with_line_and_column():
    data = MOCKUP.read_text().replace("</Forename>", "</Forname>", 2).encode()
    with pytest.raises(SEN2Error) as exc:
        _read(data, "bad.xml")
    msg = exc.value.problems[0]
    assert "bad.xml: the XML breaks at line 22, column" in msg and "mismatched tag" in msg
    assert "0 person(s)" in msg


def test_not_a_sen2_return():
    with pytest.raises(SEN2Error, match="root element is not <Message>"):
        _read(b"<html><body/></html>")


def _endless(head: bytes, filler: bytes, total: int):
    """A stream that would be `total` bytes long, produced lazily (nothing is written to disk)."""
    yield head
    sent = len(head)
    while sent < total:
        yield filler
        sent += len(filler)


def test_a_multi_gigabyte_element_is_refused_after_a_few_megabytes():
    head = b"<Message><Persons><Person><Requests>"
    filler = b"<Pad>" + b"x" * 1000 + b"</Pad>" * 1 + b"\n"
    stream = GeneratedStream(_endless(head, filler * 64, 4 * 1024 ** 3))   # would be 4 GB
    reader = SEN2Reader(stream, "huge.xml")
    with pytest.raises(SEN2Error, match="larger than 4 MB"):
        list(reader)
    assert reader.bytes_read < 8 * 1024 ** 2        # refused early, not read through


def test_a_multi_gigabyte_text_item_is_refused():
    head = b"<Message><Persons><Person><Surname>"
    stream = GeneratedStream(_endless(head, b"y" * 65536, 3 * 1024 ** 3))
    reader = SEN2Reader(stream, "text.xml")
    with pytest.raises(SEN2Error, match="longer than 2000 characters"):
        list(reader)
    assert reader.bytes_read < 1024 ** 2


def test_deep_nesting_is_refused():
    data = b"<Message><Persons><Person>" + b"<a>" * 50 + b"</a>" * 50 + b"</Person></Persons></Message>"
    with pytest.raises(SEN2Error, match="nest deeper"):
        _read(data)


def _peak(persons: int) -> int:
    tracemalloc.start()
    n = sum(1 for _ in SEN2Reader(GeneratedStream(generate_return(persons, seed=2)), "s.xml"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == persons
    return peak


def test_memory_does_not_grow_with_the_number_of_persons():
    """A long return is streamed: ten times the persons, about the same peak memory."""
    small, large = _peak(300), _peak(3000)
    assert large < small * 1.5 + 256 * 1024


def test_many_distinct_unknown_tags_do_not_grow_the_count_without_limit():
    extra = "".join(f"<Extra{i}>1</Extra{i}>" for i in range(500))
    data = MOCKUP.read_text().replace("<RYA>0</RYA>", "<RYA>0</RYA>" + extra, 1)
    r, persons = _read(data.encode())
    assert len(persons) == 2 and len(r.stats.unknown_tags) <= 101
    assert r.stats.unknown_tags["(other names)"] == 400
