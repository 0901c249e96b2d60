"""Why an outcome is what it is: the condition that decided it, in plain English.

For a rule that is `not_applicable`, the parts of its `applies_when` that were false; for a duty,
why it is not triggered, not yet due, met, late or overdue, and which exception lifted the time
limit or why none did; for a value, the exception that decided it or the default; for a yes/no
rule built of `and`/`or`, the parts that decided it. Each part of a condition is compiled from
the rule's own text (the compiler's parser and type checks) and evaluated over the values the
rule read in this evaluation (the explanation's inputs), so the answer is the engine's own,
part by part, never a second reading of the law.
"""

from __future__ import annotations

import ast
import datetime as dt
from typing import Any

from ..compile.expressions import ExprError, compile_expression, flat_parts, parse_quietly
from ..compile.functions import function_table
from ..compile.rulebook import CompiledRulebook
from ..core import types as T
from ..core.programs import ExceptionNode, Program
from ..core.ruleformat import expr_text
from ..core.runtime import Env, Symbol
from ..core.values import Unknown
from ..evaluate.evaluator import Outcome
from .plain import Phrasebook
from .render import fmt


class _Fixed:
    """A parameter as the rule read it: one value, whatever the selection date."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def at(self, _d: Any) -> Any:
        return self.value


class _Resolver:
    def __init__(self, rb: CompiledRulebook, prog: Program) -> None:
        self.symbols = rb.symbols
        self.locals = {}
        if prog.kind == "duty":
            self.locals = {"trigger": Symbol("trigger", T.DATE, "local", prog.trigger_slot),
                           "due": Symbol("due", T.DATE, "local", prog.due_slot),
                           "discharged": Symbol("discharged", T.DATE, "local", prog.discharged_slot)}

    def knows(self, name: str) -> bool:
        return name in self.locals or name in self.symbols

    def resolve(self, name: str) -> Symbol:
        if name in self.locals:
            return self.locals[name]
        sym = self.symbols.get(name)
        if sym is None:
            raise ExprError(f"unknown name {name!r}")
        return sym


class WhyNot:
    """Says why, for the outcomes of one evaluation (made with explain=True)."""

    def __init__(self, rb: CompiledRulebook, as_at: dt.date) -> None:
        self.rb = rb
        self.as_at = as_at
        self.pb = Phrasebook(rb)
        self.functions = function_table(rb.calendar)
        self._compiled: dict[tuple[str, str], Any] = {}   # (rule, part) -> Compiled, or None

    def _compile(self, prog: Program, text: str) -> Any:
        key = (prog.id, text)
        if key not in self._compiled:
            try:
                self._compiled[key] = compile_expression(text, _Resolver(self.rb, prog), self.functions, T.BOOL)
            except ExprError:
                self._compiled[key] = None
        return self._compiled[key]

    # --- evaluating the parts of a condition ----------------------------------------
    def _env(self, o: Outcome) -> Env:
        v: list[Any] = [None] * self.rb.n_slots
        v[self.rb.symbols["as_at"].slot] = self.as_at
        prog = o.program
        for name, value in (o.inputs or {}).items():
            if name == "trigger":
                v[prog.trigger_slot] = value
            elif name == "due":
                v[prog.due_slot] = value
            elif name == "discharged":
                v[prog.discharged_slot] = value
            else:
                sym = self.rb.symbols.get(name)
                if sym is not None:
                    v[sym.slot] = _Fixed(value) if sym.kind == "param" else value
        if o.duty is not None:
            # the duty's own dates as it decided them (its inputs hold what its expressions read)
            v[prog.trigger_slot] = o.duty.trigger
            v[prog.due_slot] = o.duty.due
            v[prog.discharged_slot] = o.duty.discharged
        return Env(v)

    def _parts(self, o: Outcome, source: str, op: type = ast.And) -> list[tuple[str, Any]]:
        """(plain English, value) of each top-level part of a condition (its `and` or `or` parts)."""
        parsed = parse_quietly(source)
        if parsed is None:
            return []
        nodes = flat_parts(parsed[1], op)
        env = self._env(o)
        out = []
        for node in nodes:
            if isinstance(node, ast.Constant) and node.value is True:
                continue
            compiled = self._compile(o.program, ast.unparse(node))
            try:
                value = compiled.fn(env) if compiled is not None else None
            except (TypeError, AttributeError):
                value = None  # not decidable from the inputs recorded: the part is left unsaid
            out.append((self.pb._cond(node), value))
        return out

    def _false_parts(self, o: Outcome, source: str) -> list[str]:
        parts = self._parts(o, source)
        false = [p for p, v in parts if v is False]
        unknown = [p for p, v in parts if type(v) is Unknown]
        return [f"not so: {p}" for p in false] + [f"not known: {p}" for p in unknown]

    # --- the reasons ----------------------------------------------------------------
    def lines(self, o: Outcome) -> list[str]:
        """Why this outcome is what it is; empty when the evaluation was not explained."""
        if o.inputs is None:
            return []
        prog = o.program
        if o.status == "not_applicable":
            if prog.applies_when is None:
                return []
            return ["not applicable, because this does not hold:"] + [
                f"  {p}" for p in self._false_parts(o, prog.applies_when.source)]
        if prog.applies_when is not None and o.version is None and o.duty is None and type(o.value) is Unknown:
            unknown = [p for p, v in self._parts(o, prog.applies_when.source) if type(v) is Unknown]
            if unknown:
                return ["not known whether the rule applies:"] + [f"  not known: {p}" for p in unknown]
        if o.duty is not None:
            return self._duty(o)
        return self._value(o)

    def _duty(self, o: Outcome) -> list[str]:
        s = o.duty
        rule = (o.version or o.program.latest).rule
        pb = self.pb
        done = pb.say(expr_text(rule.discharged_by))
        if s.status == "not_triggered":
            return [f"not triggered: {pb.say(o.program.trigger.source)} is not recorded on or before the as-at date"]
        due_text = pb.say(expr_text(rule.due))
        if s.due is None and s.status in ("met", "pending"):
            return [f"no time limit; {'done on ' + fmt(s.discharged) if s.discharged else 'not yet done'} ({done})"]
        if s.due is None:
            return []
        due = f"due {fmt(s.due)}, {due_text}"
        if s.status == "met":
            return [f"met: done on {fmt(s.discharged)}, on or before the due date; {due}"]
        if s.status in ("pending", "due_soon"):
            return [f"not yet due: {due}; {done} is not recorded by the as-at date, {s.days_left} day(s) left"]
        lines = []
        if s.status == "met_late":
            lines.append(f"late: done on {fmt(s.discharged)}, {s.days_late} day(s) after the due date; {due}")
        elif s.status == "overdue":
            lines.append(f"overdue: not done by the as-at date, {s.days_overdue} day(s) after the due date; {due}")
        elif s.status == "excepted":
            lines.append(f"the time limit was missed ({due}), but lifted by: {', '.join(s.excepted_by)}")
            for node in self._nodes(o):
                if node.label in s.excepted_by:
                    lines += [f"  {node.label}: {p}" for p in self.pb.conditions(node.when.source)]
            return lines
        lines += self._exceptions_not_applied(o)
        return lines

    def _nodes(self, o: Outcome) -> list[ExceptionNode]:
        out: list[ExceptionNode] = []
        stack = list(o.version.exceptions) if o.version is not None else []
        while stack:
            n = stack.pop(0)
            out.append(n)
            stack.extend(n.children)
        return out

    def _exceptions_not_applied(self, o: Outcome) -> list[str]:
        nodes = {n.label: n for n in self._nodes(o)}
        if not nodes:
            return ["no exception can lift this time limit"]
        lines = ["no exception lifted the time limit:"]
        for label, cond in o.exceptions:
            node = nodes.get(label)
            if node is None or cond is True:
                continue
            if node.unverified:
                lines.append(f"  {label}: cites an unverified source (applies only with setting apply_unverified)")
                continue
            why = self._false_parts(o, node.when.source)
            lines.append(f"  {label}: " + ("; ".join(why) if why else "does not hold"))
        return lines

    def _value(self, o: Outcome) -> list[str]:
        ver = o.version
        if ver is None or o.status != "determined":
            return []
        applied = [label for label, cond in o.exceptions if cond is True]
        if ver.default is not None:
            if applied:
                nodes = {n.label: n for n in self._nodes(o)}
                lines = [f"decided by the exception {', '.join(applied)}:"]
                for label in applied:
                    lines += [f"  {label}: {p}" for p in self.pb.conditions(nodes[label].when.source)]
                return lines
            if ver.exceptions:
                return ["the default applies; no exception held:"] + [
                    f"  {label}: " + "; ".join(self._false_parts(o, n.when.source) or ["does not hold"])
                    for label, cond in o.exceptions for n in self._nodes(o) if n.label == label and cond is not True]
            return []
        if ver.value is None or o.value not in (True, False):
            return []
        op = ast.And if o.value is False else ast.Or
        parts = self._parts(o, ver.value.source, op)
        if len(parts) < 2:
            return []
        deciding = [p for p, v in parts if v is o.value]
        word = "no, because this does not hold" if o.value is False else "yes, because this holds"
        return [f"{word}:"] + [f"  {p}" for p in deciding]
