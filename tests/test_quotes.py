"""Every `quote:` in rules/ is in the stored text of the provision it cites (legislation/).

A quote is compared with whitespace, Markdown and typographic quotation marks taken out; "..."
stands for words left out between verbatim parts, which must come in order. A family's quote is
checked once for every provision a rule fills into its `{provision}`. A quote whose instrument
has no stored text cannot be checked, so it is a failure too: such words are a `paraphrase:`
(docs/rule-format.md, "Quotes and paraphrases").
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pydantic
import pytest

from casebuilders import REPO
from sendrules.check.declarations import Declarations, _walk_citations, collect
from sendrules.compile.families import expand
from sendrules.core.ruleformat import Citation, Instrument
from sendrules.core.statute_text import ProvisionNotFound, find_provision, missing_part, quote_parts
from sendrules.load.loader import load_rules

LEGISLATION = REPO / "legislation"


@dataclass(frozen=True)
class Quoted:
    where: str              # file:line, and for a family's quote the rule that used it
    citation: Citation


@dataclass(frozen=True)
class QuoteCheck:
    checked: list[Quoted]
    problems: list[str]


def check_quotes(rules_dir: Path, legislation_dir: Path = LEGISLATION) -> QuoteCheck:
    """Check every quote in the rule files under `rules_dir` against the stored texts."""
    loaded = load_rules(rules_dir)
    assert not loaded.diagnostics, [d.render() for d in loaded.diagnostics]
    decl = collect(loaded.files, [])
    quoted, problems = _quoted(loaded.files, decl)
    instruments: dict[str, Instrument] = {k: v[0] for k, v in decl.instruments.items()}
    for q in quoted:
        c = q.citation
        inst = instruments[c.instrument]
        try:
            found = find_provision(legislation_dir, inst, c.provision)
        except ProvisionNotFound as exc:
            problems.append(f"{q.where}: {inst.short} {c.provision}: {exc}; words that cannot be checked are a "
                            "`paraphrase:`")
            continue
        if not quote_parts(c.quote or ""):
            problems.append(f"{q.where}: {inst.short} {c.provision}: the quote has no words")
            continue
        part = missing_part(c.quote or "", found.text)
        if part is not None:
            problems.append(f"{q.where}: {inst.short} {c.provision}: not in the stored text ({found.where}): "
                            f"{part!r} (as compared, without spaces)")
    return QuoteCheck(quoted, problems)


def _quoted(files: list, decl: Declarations) -> tuple[list[Quoted], list[str]]:
    out: list[Quoted] = []
    templates: dict[str, Citation] = {}
    for lf in files:
        for loc, c in _walk_citations(lf.model, ()):
            if c.quote is None:
                continue
            where = f"{lf.path}:{lf.line(*loc, 'quote')}"
            if loc[0] == "exception_families":
                templates[where] = c        # checked below, once for each use
            else:
                out.append(Quoted(where, c))
    used: set[str] = set()
    for lf in files:
        for i, rule in enumerate(lf.model.rules):
            if not any(e.family for e in rule.exceptions):
                continue
            exceptions, origins = expand(rule, lf, ("rules", i), decl.exception_families, [])
            for e, origin in zip(exceptions, origins):
                if not origin.note:
                    continue                # the rule's own exception: walked above
                for k, c in enumerate(e.cite):
                    where = f"{origin.lf.path}:{origin.lf.line(*origin.loc, 'cite', k, 'quote')}"
                    if c.quote is not None and where in templates and templates[where].quote == c.quote:
                        out.append(Quoted(where + origin.note, c))
                        used.add(where)
    unchecked = [f"{w}: a family's quote that no rule uses, so it is never checked" for w in templates if w not in used]
    return out, unchecked


def test_every_quote_is_verbatim_in_the_stored_text_of_its_provision():
    result = check_quotes(REPO / "rules")
    assert len(result.checked) >= 150, "the walk over the rule files found too few quotes"
    assert result.problems == [], "\n".join(result.problems)


def test_a_family_quote_is_checked_for_each_provision_a_rule_fills_in():
    checked = check_quotes(REPO / "rules").checked
    family = [q for q in checked if "(family impractical_time_limit" in q.where]
    provisions = {q.citation.provision for q in family}
    assert {"reg 5(4)(d)", "reg 10(4)(d)"} <= provisions, provisions


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(REPO / "rules", target, ignore=shutil.ignore_patterns("scenarios"))
    return target


def _edit(path: Path, old: str, new: str) -> int:
    """Replace `old` once; return its line number."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_changed_quote_is_reported_with_its_file_and_line(tmp_path):
    rules = _copy_rules(tmp_path)
    line = _edit(rules / "reviews.yaml", "in each subsequent period of 12 months", "in each following period of 12 months")
    problems = check_quotes(rules).problems
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"rules/reviews.yaml:{line}: CFA 2014 s44(1): not in the stored text (ukpga-2014-6.md")


def test_a_quote_cited_to_the_wrong_subparagraph_is_reported(tmp_path):
    rules = _copy_rules(tmp_path)
    _edit(rules / "advice.yaml", "provision: reg 8(2)(b), force: law, level: P,\n             quote:",
          "provision: reg 8(2)(c), force: law, level: P,\n             quote:")
    problems = check_quotes(rules).problems
    assert [p for p in problems if "SEND Regs 2014 reg 8(2)(c): not in the stored text" in p], problems


def test_a_changed_family_quote_is_reported_for_each_use(tmp_path):
    rules = _copy_rules(tmp_path)
    _edit(rules / "time_limit_exceptions.yaml", "for a continuous period of not less than 4 weeks\"}",
          "for a continuous period of at least 4 weeks\"}")
    problems = check_quotes(rules).problems
    assert len(problems) >= 2 and all("(family impractical_time_limit, used by rule" in p for p in problems), problems


def test_a_quote_from_an_instrument_with_no_stored_text_is_a_failure_not_skipped(tmp_path):
    rules = _copy_rules(tmp_path)
    text = (rules / "ceasing_and_health.yaml").read_text(encoding="utf-8")
    cop = re.search(r"\{instrument: cop2015, provision: ([^,]+), force: guidance, level: [PSU]", text)
    assert cop, "the fixture needs a Code of Practice citation to edit"
    _edit(rules / "ceasing_and_health.yaml", cop.group(0), cop.group(0) + ", quote: \"the local authority should\"")
    problems = check_quotes(rules).problems
    assert [p for p in problems if "SEND CoP" in p and "no stored text for cop2015" in p and "paraphrase" in p], problems


def test_a_citation_has_a_quote_or_a_paraphrase_not_both():
    with pytest.raises(pydantic.ValidationError, match="not both"):
        Citation(instrument="cfa2014", provision="s36(1)", force="law", level="P", quote="a", paraphrase="b")


def test_a_family_quote_that_no_rule_uses_is_reported_not_skipped(tmp_path):
    rules = _copy_rules(tmp_path)
    (rules / "unused_family.yaml").write_text("""format: sendrules.rules/1
area: unused family
exception_families:
  - id: unused
    description: A family no rule uses.
    exceptions:
      - label: away
        when: 'True'
        cite:
          - {instrument: send_regs_2014, provision: "{provision}(d)", force: law, level: P,
             quote: "absent from the area"}
""", encoding="utf-8")
    problems = check_quotes(rules).problems
    assert problems == ["rules/unused_family.yaml:11: a family's quote that no rule uses, so it is never checked"]
