"""The stored statute texts (legislation/) and the look-up of a cited provision in them."""

from __future__ import annotations

import re

import pytest

from casebuilders import REPO
from sendrules.core.provisions import ProvisionRef, Selection, parse_provision
from sendrules.core.ruleformat import Instrument
from sendrules.core.statute_text import (ProvisionNotFound, find_provision, normalise, quote_found,
                                         stored_text_name)

LEGISLATION = REPO / "legislation"


def _inst(url: str, kind: str = "si") -> Instrument:
    return Instrument(id="x", title="x", short="x", kind=kind, url=url)


SEND_REGS = _inst("https://www.legislation.gov.uk/uksi/2014/1530")
CFA = _inst("https://www.legislation.gov.uk/ukpga/2014/6", "act")
PB_REGS = _inst("https://www.legislation.gov.uk/uksi/2014/1652")
ORDER_2014 = _inst("https://www.legislation.gov.uk/uksi/2014/2270")


def text(inst: Instrument, provision: str) -> str:
    return " ".join(find_provision(LEGISLATION, inst, provision).text.split())


# -- the stored files are the copies the README describes ---------------------------------------

def _readme_rows() -> dict[str, int]:
    readme = (LEGISLATION / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z0-9-]+\.md)` \|.*\| ([0-9,]+) \| [^|]+\|$", readme, re.M)
    return {name: int(chars.replace(",", "")) for name, chars in rows}


def test_every_stored_text_has_the_length_its_readme_row_gives():
    """The texts are verbatim copies: a changed character count means a file was edited."""
    rows = _readme_rows()
    assert set(rows) == {p.name for p in LEGISLATION.glob("*.md") if p.name != "README.md"}
    for name, chars in rows.items():
        assert len((LEGISLATION / name).read_text(encoding="utf-8")) == chars, name


def test_the_readme_carries_the_open_government_licence_attribution():
    readme = (LEGISLATION / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in readme and "© Crown and database right" in readme


# -- reading a provision reference ---------------------------------------------------------------

@pytest.mark.parametrize("written, ref", [
    ("reg 5(4)(d)", ProvisionRef("regulation", "5", selections=(Selection(("4", "d")),))),
    ("s36(8)(a)", ProvisionRef("section", "36", selections=(Selection(("8", "a")),))),
    ("art 17(2)", ProvisionRef("article", "17", selections=(Selection(("2",)),))),
    ("Sch 2 para 3", ProvisionRef("schedule", "2", paragraph="3")),
    ("Sch 3 Part 2", ProvisionRef("schedule", "3", part="2")),
    ("Sch", ProvisionRef("schedule", "")),
    ("reg 4A(2)(b)", ProvisionRef("regulation", "4A", selections=(Selection(("2", "b")),))),
    ("s33(3)-(4)", ProvisionRef("section", "33", selections=(Selection(("3",), ("4",)),))),
    ("reg 44(2)(b)(i)-(ii)", ProvisionRef("regulation", "44", selections=(Selection(("2", "b", "i"), ("2", "b", "ii")),))),
    ("r12(2)-(3)(a)", ProvisionRef("rule", "12", selections=(Selection(("2",), ("3", "a")),))),
    ("reg 44(2)(e), (f) and (h)", ProvisionRef("regulation", "44", selections=(
        Selection(("2", "e")), Selection(("2", "f")), Selection(("2", "h"))))),
])
def test_a_provision_reference_is_read_into_its_parts(written, ref):
    assert parse_provision(written) == ref


@pytest.mark.parametrize("written", ["para 9.83", "frequency", "modification of SEND Regs reg 56(3)",
                                     "{provision}(a)", "reg 5(4)(d) and more", "s36(8", "sch 2 para"])
def test_a_reference_in_another_form_is_not_read(written):
    assert parse_provision(written) is None


@pytest.mark.parametrize("written, path", [
    ("s36(8)", "section/36"), ("reg 4A", "regulation/4A"), ("art 21(3)", "article/21"),
    ("Sch 2 para 8", "schedule/2/paragraph/8"), ("Sch 3 Part 2", "schedule/3/part/2"), ("Sch", "schedule"),
])
def test_a_provision_has_the_legislation_gov_uk_path_of_its_page(written, path):
    assert parse_provision(written).url_path() == path


def test_the_stored_file_is_named_from_the_instrument_url():
    assert stored_text_name(SEND_REGS) == "uksi-2014-1530.md"
    assert stored_text_name(CFA) == "ukpga-2014-6.md"
    assert stored_text_name(_inst("https://www.gov.uk/government/publications/send-code-of-practice-0-to-25",
                                  "guidance")) is None


# -- finding and narrowing the text ---------------------------------------------------------------

def test_a_regulation_is_narrowed_to_its_paragraph_and_sub_paragraph():
    t = text(SEND_REGS, "reg 5(4)(d)")
    assert "(d) the child, the child's parent, or the young person, are absent from the area" in t
    assert "(c) exceptional personal circumstances" not in t
    # read with the words that introduce it
    assert t.startswith("- (4) The local authority need not comply with the time limit referred to in paragraph (1)")
    assert "(5)" not in t and "Information and advice" not in t


def test_a_paragraph_keeps_its_closing_words_and_stops_at_the_next_paragraph():
    t = text(SEND_REGS, "reg 5(1)")
    assert t.endswith("of its decision whether or not it is necessary to secure an EHC needs assessment for the child "
                      "or young person.")
    assert "(2) The local authority must also notify" not in t


def test_closing_words_are_not_part_of_the_last_lettered_item():
    t = text(SEND_REGS, "reg 5(1)(b)")
    assert "becoming responsible for the child or young person in accordance with section 24" in t
    assert "of its decision whether or not" not in t


def test_a_letter_that_looks_like_a_roman_numeral_is_read_by_its_neighbours():
    """CFA s27(3): (h), then the letter (i) with its own sub-paragraphs (i) and (ii), then (j)."""
    letter_i = text(CFA, "s27(3)(i)")
    assert "the governing bodies, proprietors or principals of other schools" in letter_i
    assert "(ii) children or young people in its area who have a disability;" in letter_i
    assert "youth offending team" not in letter_i
    roman_ii = text(CFA, "s27(3)(j)(ii)")
    assert roman_ii.endswith("(ii) children or young people in its area who have a disability;")
    assert "a youth offending team that the authority thinks has functions in relation to—" in roman_ii  # chapeau
    assert text(CFA, "s36(11)(i)").endswith("including the use of that information for the purposes of other assessments;")


def test_a_roman_i_after_h_is_a_sub_paragraph_when_ii_follows():
    """SEND Regs reg 12(1): (h) holds (i) and (ii) (social care provision); then comes the letter (i)."""
    h = text(SEND_REGS, "reg 12(1)(h)")
    assert "Chronically Sick and Disabled Persons Act 1970" in h and "any other social care provision" in h
    assert "the name of the school" not in h
    h_ii = text(SEND_REGS, "reg 12(1)(h)(ii)")
    assert "(ii) any other social care provision" in h_ii and "Chronically Sick" not in h_ii
    letter_i = text(SEND_REGS, "reg 12(1)(i)")
    assert "the name of the school, maintained nursery school, post-16 institution" in letter_i
    assert "social care provision" not in letter_i
    assert "a special school or institution approved under section 41" in text(SEND_REGS, "reg 43(2)(h)(i)")


def test_a_roman_sub_paragraph_and_a_range():
    assert text(CFA, "s36(7)(b)(i)").endswith("(i) express views to the authority (orally or in writing), and")
    both = text(SEND_REGS, "reg 44(2)(b)(i)-(ii)")
    assert "within 10 weeks of the date of the First-tier Tribunal's order" in both
    assert "within 14 weeks of the date of the First-tier Tribunal's order" in both
    assert "(c) requires a local authority to make and maintain" not in both


def test_a_list_of_sub_paragraphs():
    t = text(SEND_REGS, "reg 44(2)(e), (f) and (h)")
    assert "(e)" in t and "(f)" in t and "(h)" in t and "(g)" not in t


def test_a_schedule_paragraph_and_a_schedule_part():
    para = text(SEND_REGS, "Sch 2 para 3")
    assert para and "SEN information report" not in para
    part = text(SEND_REGS, "Sch 3 Part 2")
    assert "section 36(1)" in part and "PART 3" not in part


def test_a_provision_inserted_later_is_found_after_the_editorial_notes():
    t = text(PB_REGS, "reg 4A(2)")
    assert t.startswith("- (2)")


def test_an_article_of_the_transitional_order():
    assert "1st April 2018" in text(ORDER_2014, "art 17(2)(b)")


@pytest.mark.parametrize("provision, message", [
    ("reg 99", "no regulation 99"),
    ("reg 5(9)", "no (9)"),
    ("reg 5(4)(z)", "no (z)"),
    ("Sch 9", "no schedule 9"),
    ("Sch 2 para 99", "no paragraph 99"),
    ("para 9.83", "cannot read the provision"),
])
def test_a_provision_that_is_not_there_is_an_error_not_a_wider_text(provision, message):
    with pytest.raises(ProvisionNotFound, match=re.escape(message)):
        find_provision(LEGISLATION, SEND_REGS, provision)


def test_an_instrument_without_stored_text_is_an_error():
    with pytest.raises(ProvisionNotFound, match="no stored text"):
        find_provision(LEGISLATION, _inst("https://www.legislation.gov.uk/ukpga/2005/9", "act"), "s1(2)")


# -- comparing a quote ----------------------------------------------------------------------------

STORED = "- (1) In these Regulations —\n\n- “*the Act*” means the Children and Families Act 2014;\n\n- (2) A local authority isimpractical [^f1] to do so."


def test_whitespace_markdown_and_typographic_quotes_are_not_compared():
    assert normalise("- “*the Act*”  means\n the [Act](https://x) [^f00001]") == '"theAct"meanstheAct'
    assert quote_found('"the Act" means the Children and Families Act 2014', STORED)
    assert quote_found("A local authority is impractical to do so", STORED)


def test_an_ellipsis_joins_parts_that_must_come_in_order():
    assert quote_found("In these Regulations ... the Children and Families Act 2014", STORED)
    assert quote_found("In these Regulations … Act 2014", STORED)
    assert not quote_found("the Children and Families Act 2014 ... In these Regulations", STORED)
    assert not quote_found("Regulations ... Regulations", STORED)


def test_only_the_first_letter_of_a_part_may_change_case():
    assert quote_found("a local authority isimpractical", STORED)
    assert not quote_found("A Local authority", STORED)


@pytest.mark.parametrize("quote", ["...", "", "   ", "A local authority is practical"])
def test_an_empty_or_changed_quote_is_not_found(quote):
    assert not quote_found(quote, STORED)
