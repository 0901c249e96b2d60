"""Rule expressions as readable English, for the catalogue, `sendrules explain` and the why-not.

The expression is parsed with Python's `ast`, as the compiler parses it (compile/expressions.py),
and each node is rendered with a phrase: a fact by its description in the case format, a finding
by its question, a rule by its description, a parameter by its value and unit, and each function
by a phrase of its own (`PHRASES`; a test fails when a function has none). `x is None` is "x is
not recorded"; `longest_overlap_days(periods, a, b) >= n` is "one of the periods lasted at least n
days between a and b". An expression the renderer does not know how to say is shown as code,
never guessed at.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable

from ..compile.expressions import dotted_name, flat_parts, parse_quietly
from ..compile.functions import function_table
from ..compile.rulebook import CompiledRulebook

_LOCALS = {"trigger": "the date the duty was triggered", "due": "the due date", "discharged": "the date it was done",
           "as_at": "the as-at date"}
_UNIT_WORDS = {"days": "days", "weeks": "weeks", "months": "months", "years": "years",
               "working_days": "working days", "none": ""}
_PAREN_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
_ORD_DATE = {ast.Lt: "before", ast.LtE: "on or before", ast.Gt: "after", ast.GtE: "on or after"}
_ORD_NUM = {ast.Lt: "less than", ast.LtE: "at most", ast.Gt: "more than", ast.GtE: "at least"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def _strip_trailing_parens(t: str) -> str:
    """'date the LA received the request (SEN2 ReceivedDate)' -> 'date the LA received the request'."""
    while t.endswith(")"):
        depth = 0
        for i in range(len(t) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(t[i], 0)
            if depth == 0:
                break
        if depth != 0 or i < 12:
            return t
        t = t[:i].rstrip(" ,")
    return t


def _first_clause(t: str) -> str:
    """The text up to the first `; ` or `: ` outside parentheses."""
    depth = 0
    for i, ch in enumerate(t):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and t[i:i + 2] in ("; ", ": ") and i > 8:
            return t[:i]
    return t


def _tidy(text: str) -> str:
    """A description as a phrase: first letter lower case, no full stop, no trailing citation."""
    t = _strip_trailing_parens(_first_clause(" ".join(text.split()).rstrip(".")))
    if len(t) < 2 or t[:2].isupper():  # keep acronyms ("LA", "EHC") as written
        return t
    return t[0].lower() + t[1:]


_NOUN_STARTS = ("date", "dates", "periods", "continuous", "last", "first", "day", "number", "kind", "outcome",
                "decision", "requests", "reviews", "notices", "closures", "terms", "start", "end", "year")


class Phrasebook:
    """Renders expression text over one rulebook's names."""

    def __init__(self, rb: CompiledRulebook) -> None:
        self.rb = rb
        self.functions = function_table(rb.calendar)

    # --- entry points ---------------------------------------------------------------
    def say(self, source: str) -> str:
        """The expression as one English phrase or sentence."""
        node = _parse(source)
        if node is None:
            return f"`{' '.join(source.split())}`"
        return self._say(node)

    def conditions(self, source: str) -> list[str]:
        """A condition as the list of things that must all hold (its top-level `and`), each in English."""
        node = _parse(source)
        if node is None:
            return [f"`{' '.join(source.split())}`"]
        return [self._cond(p) for p in flat_parts(node) if not _is_true(p)]

    # --- the renderer ---------------------------------------------------------------
    def _say(self, node: ast.AST) -> str:
        if self._kind(node) == "bool":
            return self._cond(node)
        return self._noun(node)

    def _cond(self, node: ast.AST) -> str:
        """A yes/no expression as a clause."""
        if isinstance(node, ast.BoolOp):
            parts = [p for p in node.values if not _is_true(p)]
            said = [self._cond(p) if not isinstance(p, ast.BoolOp) else f"({self._cond(p)})" for p in parts]
            if len(said) == 1:
                return said[0]
            if isinstance(node.op, ast.And):
                return " and ".join(said)
            return "either " + " or ".join(said)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = node.operand
            if isinstance(inner, (ast.Name, ast.Attribute)):
                name = dotted_name(inner)
                if name and name.startswith("finding."):
                    return self._finding(name, "no")
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "is_known":
                return f"{self._noun(inner.args[0])} is not known"
            if isinstance(inner, ast.BoolOp) and isinstance(inner.op, ast.And):
                return "it is not the case that both " + " and ".join(self._cond(p) for p in inner.values)
            if isinstance(inner, ast.BoolOp):
                return "neither " + " nor ".join(self._cond(p) for p in inner.values)
            return f"it is not the case that {self._cond(inner)}"
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return self._compare(node.left, node.ops[0], node.comparators[0])
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = dotted_name(node) or ""
            if name.startswith("finding."):
                return self._finding(name, "yes")
            return self._name(name, clause=True)
        if isinstance(node, ast.Constant):
            return "always" if node.value is True else "never" if node.value is False else self._noun(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.IfExp):
            return f"{self._cond(node.body)} if {self._cond(node.test)}, otherwise {self._cond(node.orelse)}"
        return _code(node)

    def _compare(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> str:
        if isinstance(op, (ast.Is, ast.IsNot)):
            recorded = "is recorded" if isinstance(op, ast.IsNot) else "is not recorded"
            return f"{self._noun(left)} {recorded}"
        if isinstance(op, (ast.In, ast.NotIn)):
            verb = "is one of" if isinstance(op, ast.In) else "is none of"
            return f"{self._noun(left)} {verb} {self._noun(right)}"
        if isinstance(op, (ast.Eq, ast.NotEq)):
            if isinstance(right, ast.Constant) and isinstance(right.value, bool):
                holds = right.value == isinstance(op, ast.Eq)
                return self._cond(left) if holds else f"it is not the case that {self._cond(left)}"
            verb = "is" if isinstance(op, ast.Eq) else "is not"
            return f"{self._noun(left)} {verb} {self._noun(right)}"
        if (isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "longest_overlap_days"
                and len(left.args) == 3):
            periods, start, end = left.args
            return (f"one of {self._noun(periods)} lasted {_ORD_NUM[type(op)]} {self._count(right, 'days')} "
                    f"between {self._noun(start)} and {self._noun(end)}")
        dates = "date" in (self._kind(left), self._kind(right))
        words = (_ORD_DATE if dates else _ORD_NUM).get(type(op))
        if words is None:
            return _code(left)
        return f"{self._noun(left)} is {words} {self._noun(right)}"

    def _noun(self, node: ast.AST) -> str:
        """A value as a noun phrase."""
        if isinstance(node, ast.Constant):
            v = node.value
            if v is None:
                return "nothing"
            if v is True:
                return "yes"
            if v is False:
                return "no"
            if isinstance(v, str):
                return f"“{v.replace('_', ' ')}”"
            return str(v)
        if isinstance(node, ast.Name) and node.id not in self.rb.symbols and node.id not in _LOCALS:
            return f"“{node.id.replace('_', ' ')}”"  # a bare enum value
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self._name(dotted_name(node) or _code(node))
        if isinstance(node, ast.Set):
            items = [self._noun(e) for e in node.elts]
            return _join(items, "or")
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.IfExp):
            return f"{self._noun(node.body)} if {self._cond(node.test)}, otherwise {self._noun(node.orelse)}"
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            word = "plus" if isinstance(node.op, ast.Add) else "minus"
            return f"{self._noun(node.left)} {word} {self._noun(node.right)}"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"minus {self._noun(node.operand)}"
        if self._kind(node) == "bool":
            return f"whether {self._cond(node)}"
        return _code(node)

    def _name(self, name: str, clause: bool = False) -> str:
        rb = self.rb
        if name in _LOCALS:
            return _LOCALS[name]
        if name.startswith("param."):
            return self._param(name[6:])
        if name.startswith("setting."):
            s = rb.settings.get(name[8:])
            return f"the setting {name[8:]}" if s is None else f"the setting {name[8:]} (default {s.default})"
        if name.startswith("finding."):
            return self._finding(name, None)
        fact = rb.facts.get(name)
        if fact is not None:
            text = _tidy(fact.description) or name
            if clause or fact.vtype.kind == "bool":
                return text
            return f"the {text}" if text.split(" ", 1)[0] in _NOUN_STARTS else text
        prog = rb.programs.get(name)
        if prog is not None:
            text = _tidy(prog.latest.rule.description)
            if prog.kind == "duty":
                return f"the status of the duty to {text[0].lower() + text[1:]}"
            if text.lower().startswith("whether "):
                return text[8:] if clause else f"whether {text[8:]}"
            return f"the {text}" if text.split(" ", 1)[0] in _NOUN_STARTS and not clause else text
        return f"`{name}`"

    def _finding(self, name: str, answer: str | None) -> str:
        f = self.rb.findings.get(name.split(".", 1)[1])
        question = " ".join(f.question.split()) if f is not None else name
        if answer is None:
            return f"the council's answer to “{question}”"
        return f"the council's answer is {answer} to “{question}”"

    def _param(self, pid: str) -> str:
        t = self.rb.parameters.get(pid)
        if t is None:
            return f"`param.{pid}`"
        unit = _UNIT_WORDS.get(t.unit, t.unit)
        if len(t.entries) == 1:
            return _with_unit(t.entries[0].value, unit)
        return "; ".join(f"{_with_unit(e.value, unit)} from {_date_words(e.start)}" for e in t.entries)

    def _count(self, node: ast.AST, unit: str) -> str:
        """A number of units (`add_weeks(d, param.x)` is "6 weeks after d", not "6 weeks weeks after d")."""
        name = dotted_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if name and name.startswith("param."):
            t = self.rb.parameters.get(name[6:])
            if t is not None and len(t.entries) == 1:
                return _with_unit(t.entries[0].value, unit)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return _with_unit(node.value, unit)
        return f"{self._noun(node)} {unit}".strip()

    def _call(self, node: ast.Call) -> str:
        if not isinstance(node.func, ast.Name):
            return _code(node)
        phrase = PHRASES.get(node.func.id)
        if phrase is None:
            return _code(node)
        try:
            return phrase(self, node.args)
        except (IndexError, ValueError, TypeError):
            return _code(node)

    def _kind(self, node: ast.AST) -> str:
        """The value kind of a node as far as the renderer needs it: bool, date, number or other."""
        if isinstance(node, (ast.BoolOp, ast.Compare)) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            return "bool"
        if isinstance(node, ast.Constant):
            return "bool" if isinstance(node.value, bool) else "number" if isinstance(node.value, (int, float)) else "other"
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = dotted_name(node) or ""
            if name in ("trigger", "due", "discharged", "as_at"):
                return "date"
            sym = self.rb.symbols.get(name)
            return sym.vtype.kind if sym is not None else "other"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("is_known",):
                return "bool"
            if node.func.id == "first_known" and node.args:
                return self._kind(node.args[0])
            f = self.functions.get(node.func.id)
            return f.returns.kind if f is not None else "other"
        if isinstance(node, ast.IfExp):
            return self._kind(node.body)
        if isinstance(node, ast.BinOp):
            return "number"
        return "other"


def _after(unit: str) -> Callable[[Phrasebook, list[ast.AST]], str]:
    def say(pb: Phrasebook, a: list[ast.AST]) -> str:
        n, before = a[1], False
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            n, before = n.operand, True
        if unit == "days" and isinstance(n, ast.Constant) and n.value == 1:
            return f"the day {'before' if before else 'after'} {pb._noun(a[0])}"
        return f"{pb._count(n, unit)} {'before' if before else 'after'} {pb._noun(a[0])}"
    return say


def _date_call(pb: Phrasebook, a: list[ast.AST]) -> str:
    if all(isinstance(x, ast.Constant) and isinstance(x.value, int) for x in a):
        return _date_words(dt.date(a[0].value, a[1].value, a[2].value))  # type: ignore[attr-defined]
    return f"the date {pb._noun(a[2])} {pb._noun(a[1])} {pb._noun(a[0])}"


def _nth(n: ast.AST, pb: Phrasebook) -> str:
    if isinstance(n, ast.Constant) and isinstance(n.value, int):
        v = n.value
        suffix = "th" if 10 <= v % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(v % 10, "th")
        return f"{v}{suffix}"
    return f"{pb._noun(n)}th"


def _kind_word(node: ast.AST, pb: Phrasebook) -> str:
    """A word passed as text (a notice kind, a weekday): bare, not in quotation marks."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("_", " ")
    return pb._noun(node)


def _in_year(node: ast.AST, pb: Phrasebook) -> str:
    said = pb._noun(node)
    return f"in {said}" if said.startswith("the year") else f"in the year {said}"


PHRASES: dict[str, Callable[[Phrasebook, list[ast.AST]], str]] = {
    "date": _date_call,
    "add_days": _after("days"),
    "add_weeks": _after("weeks"),
    "add_months": _after("months"),
    "add_years": _after("years"),
    "add_working_days": _after("working days"),
    "is_working_day": lambda pb, a: f"{pb._noun(a[0])} is a working day",
    "birthday": lambda pb, a: f"the day someone born on {pb._noun(a[0])} reaches the age of {pb._noun(a[1])}",
    "is_29_february": lambda pb, a: f"{pb._noun(a[0])} is 29 February",
    "last_weekday_of_month": lambda pb, a: (f"the last {_kind_word(a[2], pb)} of month {pb._noun(a[1])} "
                                            f"{_in_year(a[0], pb)}"),
    "first_date_on_or_after": lambda pb, a: (f"the first day {pb._noun(a[2])} of month {pb._noun(a[1])} on or after "
                                             f"{pb._noun(a[0])}"),
    "month_day": lambda pb, a: f"the day {_kind_word(a[1], pb)} (month-day) {_in_year(a[0], pb)}",
    "term_start_after_july": lambda pb, a: f"the first of {pb._noun(a[0])} after July {_in_year(a[1], pb)}",
    "year": lambda pb, a: f"the year of {pb._noun(a[0])}",
    "days_between": lambda pb, a: f"the number of days from {pb._noun(a[0])} to {pb._noun(a[1])}",
    "longest_overlap_days": lambda pb, a: (f"the longest of {pb._noun(a[0])} between {pb._noun(a[1])} and "
                                           f"{pb._noun(a[2])}, in days"),
    "period_includes": lambda pb, a: f"{pb._noun(a[1])} falls within one of {pb._noun(a[0])}",
    "last_day_beginning_with": lambda pb, a: f"the last of the {pb._count(a[1], 'days')} beginning with {pb._noun(a[0])}",
    "last_day_of_months_starting_with": lambda pb, a: (f"the last day of the {pb._count(a[1], 'months')} starting "
                                                       f"with {pb._noun(a[0])}"),
    "day_before": lambda pb, a: f"the day before {pb._noun(a[0])}",
    "notice_date": lambda pb, a: f"the date of the first {_kind_word(a[1], pb)} notice",
    "notice_elements": lambda pb, a: f"what the first {_kind_word(a[1], pb)} notice contained",
    "notice_dates": lambda pb, a: f"the dates of every {_kind_word(a[1], pb)} notice or publication",
    "latest_notice_elements": lambda pb, a: f"what the latest {_kind_word(a[1], pb)} notice contained",
    "published_elements": lambda pb, a: f"what the latest {_kind_word(a[1], pb)} publication contains",
    "first_late_cycle": lambda pb, a: (f"the due date of the first {pb._count(a[2], 'month')} cycle from "
                                       f"{pb._noun(a[1])} that {pb._noun(a[0])} did not meet (if any)"),
    "advice_in_closure_window": lambda pb, a: (f"advice was requested from the {_kind_word(a[2], pb)} between one "
                                               f"week before a {_kind_word(a[3], pb)} closure of at least "
                                               f"{pb._count(a[4], 'days')} began and one week before it re-opened, "
                                               f"and between {pb._noun(a[5])} and {pb._noun(a[6])}"),
    "appeal_deadline": lambda pb, a: (f"the last day to appeal to the Tribunal against a decision sent on "
                                      f"{pb._noun(a[0])} (later if {pb._noun(a[1])})"),
    "latest_known": lambda pb, a: f"the later of {_join([pb._noun(x) for x in a], 'and')} (whichever are recorded)",
    "earliest_known": lambda pb, a: f"the earlier of {_join([pb._noun(x) for x in a], 'and')} (whichever are recorded)",
    "latest_date_in": lambda pb, a: f"the latest of {pb._noun(a[0])}",
    "latest_date_before": lambda pb, a: f"the latest of {pb._noun(a[0])} before {pb._noun(a[1])}",
    "first_date_after": lambda pb, a: f"the first of {pb._noun(a[0])} after {pb._noun(a[1])}",
    "nth_institution_day": lambda pb, a: (f"the {_nth(a[1], pb)} day after {pb._noun(a[0])} on which the institution "
                                          f"is open"),
    "earliest": lambda pb, a: f"the earliest of {_join([pb._noun(x) for x in a], 'and')}",
    "latest": lambda pb, a: f"the latest of {_join([pb._noun(x) for x in a], 'and')}",
    "is_known": lambda pb, a: f"{pb._noun(a[0])} is known",
    "first_known": lambda pb, a: " or else ".join(pb._noun(x) for x in a),
}


def _parse(source: str) -> ast.AST | None:
    parsed = parse_quietly(source)
    return parsed[1] if parsed is not None else None


def _code(node: ast.AST) -> str:
    return f"`{ast.unparse(node)}`"


def _is_true(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _with_unit(value: object, unit: str) -> str:
    if not unit:
        return str(value)
    if isinstance(value, (int, float)) and value == 1:
        unit = {"days": "day", "weeks": "week", "months": "month", "years": "year",
                "working days": "working day"}.get(unit, unit)
    text = f"{value} {unit}"
    if unit == "days" and isinstance(value, int) and value % 7 == 0 and value >= 14:
        text += f" ({value // 7} weeks)"
    return text


def _date_words(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
