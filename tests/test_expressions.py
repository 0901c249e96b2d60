"""The expression language, compiled directly against a small resolver.

Three-valued (Kleene) logic over Unknown, complete lists of missing names, error values for
comparisons with events that have not happened, first_known / is_known, sets and `in`, and the
constructs the language refuses at compile time.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from sendrules.calendar.working_days import england_calendar
from sendrules.core import types as T
from sendrules.compile.expressions import MAX_DEPTH, MAX_EXPRESSION_CHARS, ExprError, compile_expression
from sendrules.core.runtime import Env, Symbol
from sendrules.compile.functions import function_table
from sendrules.core.values import Unknown

SYMBOLS: dict[str, T.VType] = {
    "a": T.BOOL, "b": T.BOOL, "c": T.BOOL,
    "d1": T.DATE, "d2": T.DATE,
    "n": T.NUMBER, "m": T.NUMBER,
    "colour": T.enum(["red", "green", "blue"]),
    "label": T.TEXT,
    "tags": T.set_of(["red", "green", "blue"]),
    "starts": T.DATES,
    "periods": T.PERIODS,
}
SLOT = {name: i for i, name in enumerate(SYMBOLS)}


class DictResolver:
    def __init__(self) -> None:
        self.symbols = {name: Symbol(name, vt, "fact", SLOT[name]) for name, vt in SYMBOLS.items()}

    def knows(self, name: str) -> bool:
        return name in self.symbols

    def resolve(self, name: str) -> Symbol:
        try:
            return self.symbols[name]
        except KeyError:
            raise ExprError(f"unknown name {name!r}") from None


@pytest.fixture(scope="module")
def functions():
    return function_table(england_calendar())


def U(*names: str) -> Unknown:
    return Unknown(missing=frozenset(names))


def run(source: str, functions, **values: Any) -> Any:
    """Compile `source` and evaluate it with the given values (names not given are Unknown)."""
    compiled = compile_expression(source, DictResolver(), functions)
    v = [values.get(name, U(name)) for name in SYMBOLS]
    return compiled.fn(Env(v))


def missing(x: Any) -> set[str]:
    assert type(x) is Unknown, f"expected an unknown, got {x!r}"
    return set(x.missing)


# --- Kleene truth tables ---------------------------------------------------------------------

TV = [True, False, "U"]


def _val(x, name):
    return U(name) if x == "U" else x


def _kleene_and(x, y):
    if x is False or y is False:
        return False
    if x is True and y is True:
        return True
    return "U"


def _kleene_or(x, y):
    if x is True or y is True:
        return True
    if x is False and y is False:
        return False
    return "U"


@pytest.mark.parametrize("x,y", list(itertools.product(TV, TV)))
@pytest.mark.parametrize("op,table", [("and", _kleene_and), ("or", _kleene_or)])
def test_binary_truth_tables(functions, op, table, x, y):
    got = run(f"a {op} b", functions, a=_val(x, "a"), b=_val(y, "b"))
    want = table(x, y)
    if want == "U":
        # exactly the unknown operands are named, both of them when both are unknown
        assert missing(got) == {n for n, t in (("a", x), ("b", y)) if t == "U"}
    else:
        assert got is want


@pytest.mark.parametrize("x,want", [(True, False), (False, True)])
def test_not_of_known(functions, x, want):
    assert run("not a", functions, a=x) is want


def test_not_of_unknown_keeps_the_name(functions):
    assert missing(run("not a", functions)) == {"a"}


@pytest.mark.parametrize("values,want", [
    ({"a": True}, True), ({"b": True}, True), ({"c": True}, True),
    ({"a": False, "b": False, "c": False}, False),
    ({"a": False}, {"b", "c"}), ({}, {"a", "b", "c"}),
])
def test_or_over_three(functions, values, want):
    got = run("a or b or c", functions, **values)
    assert (missing(got) if isinstance(want, set) else got) == want


@pytest.mark.parametrize("values,want", [
    ({"a": False}, False), ({"c": False}, False),
    ({"a": True, "b": True, "c": True}, True),
    ({"a": True}, {"b", "c"}), ({}, {"a", "b", "c"}),
])
def test_and_over_three(functions, values, want):
    got = run("a and b and c", functions, **values)
    assert (missing(got) if isinstance(want, set) else got) == want


@pytest.mark.parametrize("cond,n,m,want", [
    (True, 1, 2, 1),
    (False, 1, 2, 2),
    (True, 1, "U", 1),            # the branch not taken is not needed
    (False, "U", 2, 2),
    ("U", 3, 3, 3),               # both branches agree: the unknown condition does not matter
    ("U", 1, 2, {"a"}),
    ("U", "U", 2, {"a", "n"}),
    ("U", "U", "U", {"a", "n", "m"}),
])
def test_if_else(functions, cond, n, m, want):
    got = run("n if a else m", functions, a=_val(cond, "a"), n=_val(n, "n"), m=_val(m, "m"))
    assert (missing(got) if isinstance(want, set) else got) == want


# --- every missing name is kept ----------------------------------------------------------------

@pytest.mark.parametrize("source,names", [
    ("n + m > 3", {"n", "m"}),
    ("d1 < d2", {"d1", "d2"}),
    ("colour == 'red' and not a", {"colour", "a"}),
    ("days_between(d1, d2) > n", {"d1", "d2", "n"}),
    ("latest(d1, d2, add_days(d1, n))", {"d1", "d2", "n"}),
    ("{colour, label}", {"colour", "label"}),
    ("label in tags", {"label", "tags"}),
    ("(a or b) and (c or n > 1)", {"a", "b", "c", "n"}),
    ("-n - m", {"n", "m"}),
])
def test_every_missing_name_is_kept(functions, source, names):
    assert missing(run(source, functions)) == names


def test_unknowns_merge_errors_and_missing_together(functions):
    # d1 is an event that has not happened (None); n is unknown: the error and the missing name both survive
    got = run("d1 < d2 or n > 1", functions, d1=None, d2=dt.date(2025, 1, 1))
    assert type(got) is Unknown
    assert got.missing == {"n"}
    assert len(got.errors) == 1 and got.status == "error"


# --- None: an event that has not happened ----------------------------------------------------

@pytest.mark.parametrize("source", ["d1 < d2", "d1 <= d2", "d1 > d2", "d1 >= d2"])
def test_ordering_with_none_is_an_error_value(functions, source):
    got = run(source, functions, d1=None, d2=dt.date(2025, 1, 1))
    assert type(got) is Unknown and got.status == "error"
    assert not got.missing
    assert "not recorded" in next(iter(got.errors))


def test_none_tests_and_equality(functions):
    assert run("d1 is None", functions, d1=None) is True
    assert run("d1 is not None", functions, d1=None) is False
    assert run("d1 is None", functions, d1=dt.date(2025, 1, 1)) is False
    assert missing(run("d1 is None", functions)) == {"d1"}
    assert run("d1 == d2", functions, d1=None, d2=dt.date(2025, 1, 1)) is False


def test_functions_pass_none_through(functions):
    assert run("add_weeks(d1, 6)", functions, d1=None) is None
    assert run("add_weeks(d1, 6) is None", functions, d1=None) is True
    assert run("n + m", functions, n=None, m=1) is None


def test_function_errors_become_error_values(functions):
    got = run("date(2023, 2, 29)", functions)
    assert type(got) is Unknown and got.status == "error"
    assert next(iter(got.errors)).startswith("date(): ")
    got = run("add_working_days(d1, 1)", functions, d1=dt.date(2061, 1, 1))
    assert got.status == "error" and "bank-holiday data" in next(iter(got.errors))


# --- first_known / is_known ----------------------------------------------------------------------

def test_first_known(functions):
    day = dt.date(2025, 9, 3)
    src = "first_known(d1, d2)"
    assert run(src, functions, d1=day) == day
    assert run(src, functions, d2=day) == day                      # d1 unknown: skipped
    assert run(src, functions, d1=None, d2=day) == day             # d1 not happened: skipped
    assert run(src, functions, d1=None, d2=None) is None
    assert missing(run(src, functions, d1=None)) == {"d2"}
    assert missing(run(src, functions)) == {"d1", "d2"}            # all unknown: all named


def test_first_known_prefers_the_first_known_value(functions):
    assert run("first_known(n, m, 7)", functions, n=1, m=2) == 1
    assert run("first_known(n, m, 7)", functions) == 7


def test_is_known(functions):
    assert run("is_known(a)", functions, a=False) is True
    assert run("is_known(a)", functions) is False
    assert run("is_known(d1)", functions, d1=None) is True   # not happened is a known fact
    assert run("is_known(n + m)", functions, n=1) is False


def test_first_known_and_is_known_need_enough_arguments(functions):
    with pytest.raises(ExprError, match="first_known takes at least two"):
        compile_expression("first_known(n)", DictResolver(), functions)
    with pytest.raises(ExprError, match="is_known takes one"):
        compile_expression("is_known(n, m)", DictResolver(), functions)


# --- sets and `in` ---------------------------------------------------------------------------

def test_sets_and_membership(functions):
    assert run("colour in {'red', 'green'}", functions, colour="red") is True
    assert run("colour in {'red', 'green'}", functions, colour="blue") is False
    assert run("colour not in {'red', 'green'}", functions, colour="blue") is True
    assert run("'green' in tags", functions, tags=frozenset({"green"})) is True
    assert run("label in tags", functions, label="red", tags=frozenset()) is False
    assert run("{colour, 'blue'}", functions, colour="red") == frozenset({"red", "blue"})
    assert run("{colour, 'red'}", functions, colour="red") == frozenset({"red"})


def test_membership_in_an_unrecorded_collection_is_an_error(functions):
    got = run("label in tags", functions, label="red", tags=None)
    assert type(got) is Unknown and got.status == "error"


def test_set_type_and_domain(functions):
    c = compile_expression("{colour, 'purple'}", DictResolver(), functions)
    assert c.vtype == T.set_of(["red", "green", "blue", "purple"])
    assert compile_expression("{label}", DictResolver(), functions).vtype == T.set_of(None)


@pytest.mark.parametrize("source,fragment", [
    ("colour in {'red', 'purpel'}", None),                       # a set constant may hold other text
    ("'purple' in tags", "'purple' is not one of ['blue', 'green', 'red']"),
    ("colour == 'gren'", "(did you mean 'green'?)"),
    ("'gren' != colour", "(did you mean 'green'?)"),
])
def test_enum_domains_are_checked(functions, source, fragment):
    if fragment is None:
        compile_expression(source, DictResolver(), functions)
    else:
        with pytest.raises(ExprError) as info:
            compile_expression(source, DictResolver(), functions)
        assert fragment in str(info.value)


# --- what the language refuses ---------------------------------------------------------------

@pytest.mark.parametrize("source,fragment", [
    ("lambda: 1", "uses Lambda"),
    ("first_known(lambda: 1, 2)", "uses Lambda"),
    ("d1.isoformat()", "only the named functions may be called"),
    ("__import__('os').system('true')", "only the named functions may be called"),
    ("__import__('os')", "unknown function '__import__'"),
    ("eval('1')", "unknown function 'eval'"),
    ("starts[0]", "uses Subscript"),
    ("[a, b]", "uses List"),
    ("(a, b)", "uses Tuple"),
    ("{'k': 1}", "uses Dict"),
    ("[x for x in starts]", "uses ListComp"),
    ("(x := 1)", "uses NamedExpr"),
    ("f'{n}'", "uses JoinedStr"),
    ("b'x'", "constant of type bytes"),
    ("n * 2", "only + and - on numbers"),
    ("n ** 2", "only + and - on numbers"),
    ("add_days(d1, n=1)", "keyword arguments are not allowed"),
    ("1 < n < 3", "chained comparisons are not allowed"),
    ("add_wekks(d1, 1)", "unknown function 'add_wekks' (did you mean 'add_weeks'?)"),
    ("nn + 1", "unknown name 'nn'"),
    ("d1 > 5", "< and > compare two dates or two numbers, not date and number"),
    ("d1 == 5", "compares date with number"),
    ("d1 + 1", "but +/- needs number"),
    ("not n", "but not needs bool"),
    ("a and n", "but and/or needs bool"),
    ("add_weeks(n, 1)", "argument 1 of add_weeks should be date"),
    ("add_weeks(d1)", "add_weeks takes 2 argument(s)"),
    ("d1 is 5", "`is` may only be used as `is None`"),
    ("n if a else d1", "the alternatives have different types"),
    ("n in tags", "`in` tests a text or enum value against a set"),
    ("{n}", "set elements must be text or enum values"),
    ("a and", "syntax error in expression"),
])
def test_refused_at_compile_time(functions, source, fragment):
    with pytest.raises(ExprError) as info:
        compile_expression(source, DictResolver(), functions)
    assert fragment in str(info.value)


def test_nesting_limit(functions):
    ok = "not " * MAX_DEPTH + "a"            # the name sits exactly MAX_DEPTH levels down
    assert run(ok, functions, a=True) is (MAX_DEPTH % 2 == 0)
    too_deep = "not " * (MAX_DEPTH + 1) + "a"
    with pytest.raises(ExprError, match=f"nested more than {MAX_DEPTH} levels deep"):
        compile_expression(too_deep, DictResolver(), functions)


def test_pathologically_deep_text_is_refused_not_crashing(functions):
    with pytest.raises(ExprError):
        compile_expression("(" * 1000 + "a" + ")" * 1000, DictResolver(), functions)
    with pytest.raises(ExprError):
        compile_expression("-" * 1900 + "n", DictResolver(), functions)


def test_length_limit(functions):
    long = " or ".join(["a"] * (MAX_EXPRESSION_CHARS // 5 + 1))
    assert len(long) > MAX_EXPRESSION_CHARS
    with pytest.raises(ExprError, match=f"longer than {MAX_EXPRESSION_CHARS} characters"):
        compile_expression(long, DictResolver(), functions)


def test_expression_may_span_lines(functions):
    assert run("a\n  and\n  b", functions, a=True, b=True) is True


def test_compiled_expression_records_its_dependencies_and_type(functions):
    c = compile_expression("add_weeks(d1, n) if a else d2", DictResolver(), functions)
    assert c.deps == frozenset({"d1", "n", "a", "d2"})
    assert c.vtype == T.DATE
