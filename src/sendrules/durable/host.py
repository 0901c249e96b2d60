"""The only module that touches durable-rules: a confined engine (docs/adr/0012).

durable-rules 2.0.28 is safe only when used in a narrow way (measured in
../shared/reference/durable-rules.md): its stock `Host` runs timer threads that can run
a case's pending action on the wrong thread; sessions are found by a 32-bit hash of the
session id, so two ids can share facts; deleting a session no rule matched can segfault;
errors inside actions are swallowed into the session state. `ConfinedEngine` closes each
of these holes and is the single way the rest of sendrules runs durable-rules.
"""

from __future__ import annotations

import json
import json.encoder
import json.scanner
import threading
from collections.abc import Callable, Iterable
from typing import Any

try:
    import durable_rules_engine as _c
    from durable import engine as _engine
except ImportError as exc:  # the [durable] extra is not installed, or Python >= 3.13
    _engine = _c = None
    IMPORT_ERROR: ImportError | None = exc
else:
    IMPORT_ERROR = None

# The one session id ever used: each thread has its own Host, and a Host runs one case
# at a time, so there is exactly one live session per ruleset and hash collisions between
# session ids cannot happen.
SID = "0"
CATCH_ALL = "zz_catch_all"


class DurableUnavailable(RuntimeError):
    """durable-rules is not installed (pip install "sendrules[durable]") or cannot import."""


class DurableActionError(RuntimeError):
    """An action inside durable-rules failed; durable stores this instead of raising it."""


INSTALL_HINT = ('the durable engine needs the extra: pip install "sendrules[durable]" '
                '(Python < 3.13, with a C compiler)')


def available() -> bool:
    """True when durable-rules imports on this Python."""
    return _engine is not None


def _require() -> Any:
    if _engine is None:
        raise DurableUnavailable(f"{INSTALL_HINT}; import failed: {IMPORT_ERROR}")
    return _engine


def quiet_host_class() -> type:
    """A Host with its timer threads off: nothing but the caller's thread ever runs an action."""
    eng = _require()

    class QuietHost(eng.Host):
        def _run(self) -> None:  # the stock Host starts two self-rearming timers here
            pass

    return QuietHost


def stock_host_class() -> type:
    """The unconfined stock Host, only for the stress test that shows why it is not used."""
    return _require().Host


def strict_json(fact: dict) -> dict:
    """A fresh copy that is plain JSON, or TypeError: durable coerces '12' < 26 and
    `c.assert_fact` writes `sid` into the dict it is given, so nothing is shared."""
    return json.loads(json.dumps(fact, allow_nan=False))


class ConfinedEngine:
    """durable-rules behind the rules of the measurements: one private Host per thread,
    one live session per Host, a catch-all rule, delete_state in `finally`, action errors raised.

    The Host creates the rulesets (and, being a QuietHost, runs nothing by itself); each session
    is then driven through durable's C calls directly (`_Rules.run`): facts go in as one strict
    JSON text, the engine matches and chains, and each action it starts runs here on the
    caller's thread. This is the loop of durable's own `Ruleset.do_actions`, without its
    per-action copies of the session state (no rule reads the state), timestamps and promise
    objects, which were most of the time of a case (docs/adr/0012).
    """

    def __init__(self, rulesets: Callable[[], dict[str, dict]], host_class: type | None = None) -> None:
        """`rulesets` builds a fresh {name: {rule_id: rule}} each call (set_rulesets mutates it)."""
        _require()
        self._build = rulesets
        self._host_class = host_class or quiet_host_class()
        self._local = threading.local()

    def _host(self) -> Any:
        host = getattr(self._local, "host", None)
        if host is None:
            host = self._host_class()
            defs = self._build()
            actions: dict[str, dict[str, Callable[[Any], None]]] = {}
            for name, rules in defs.items():
                # Every fact must be "handled" by some pattern, or durable drops it (inside an
                # action) or raises and leaves a session whose deletion can crash the process. The
                # second pattern never matches, so this catch-all never costs an action.
                rules[CATCH_ALL] = {"all": [{"m": {"t": "v"}}, {"z": {"t": "never"}}], "pri": 65535, "run": _noop}
                actions[name] = {rid: rule["run"] for rid, rule in rules.items()}
            host.set_rulesets(defs)
            self._local.rules = {name: _Rules(host.get_ruleset(name)._handle, acts) for name, acts in actions.items()}
            self._local.host = host
        return host

    def run(self, ruleset: str, batches: Iterable[list[dict]]) -> None:
        """Assert each batch of facts into one fresh session, in order; then delete the session.

        `batches` may be a generator: it resumes only after the previous batch has finished
        chaining, so a later stage can depend on what earlier ones derived (stratification).
        """
        self._host()
        self._local.rules[ruleset].run(batches)


class _Action:
    """What an action sees of its firing: `_m` (alias -> matched fact) and `assert_fact`."""

    __slots__ = ("_m", "_handle")

    def __init__(self, handle: int) -> None:
        self._m: dict = {}
        self._handle = handle

    def assert_fact(self, fact: dict) -> None:
        """A fact derived inside an action (chained within the running session)."""
        _check(_c.assert_fact(self._handle, _text({**fact, "sid": SID})))


class _Rules:
    """One ruleset of one thread's Host, driven through durable's C calls."""

    __slots__ = ("handle", "actions")

    def __init__(self, handle: int, actions: dict[str, Callable[[Any], None]]) -> None:
        self.handle = handle
        self.actions = actions

    def run(self, batches: Iterable[list[dict]]) -> None:
        c = _c
        handle = self.handle
        actions = self.actions
        act = _Action(handle)
        failed = created = False
        try:
            for batch in batches:
                if not batch:
                    continue
                text = _text([{**f, "sid": SID} for f in batch])   # a non-JSON fact stops here
                created = True
                code, state = c.assert_facts(handle, text)
                _check((code, state))
                started = c.start_action_for_state(handle, state)
                messages = started[1] if started else None
                while messages:
                    for rid, m in _parse(messages).items():
                        break       # one action per message, as durable's own loop reads it
                    act._m = m
                    try:
                        actions[rid](act)
                    except Exception:  # noqa: BLE001 - as durable does: recorded, raised after the chain
                        failed = True
                    messages = c.complete_and_start_action(handle, state)
                if failed:
                    _raise_if_failed({"exception": True})
        finally:
            if created:     # (deleting a session that was never made is an error in durable)
                c.delete_state(handle, SID)


# Facts in, matches out, as JSON text: one C encoder and one C scanner made once (json.dumps and
# json.loads build or wrap one per call, a third of the time of a short action). The encoder is
# strict: TypeError for a date or any other non-JSON value, ValueError for NaN or infinity.
if json.encoder.c_make_encoder is not None and json.scanner.c_make_scanner is not None:  # CPython
    _encode = json.encoder.c_make_encoder(
        None, json.JSONEncoder().default, json.encoder.encode_basestring, None, ":", ",", False, False, False)
    _scan = json.scanner.c_make_scanner(json.JSONDecoder())

    def _text(x: Any) -> str:
        return "".join(_encode(x, 0))

    def _parse(text: str) -> Any:
        return _scan(text, 0)[0]
else:  # pragma: no cover - an interpreter without json's C speedups
    _text = json.JSONEncoder(allow_nan=False, ensure_ascii=False, separators=(",", ":")).encode
    _parse = json.loads


def _check(result: tuple[int, int]) -> None:
    """durable's result codes for an asserted fact: 1 not handled by any rule, 2 a fact with this id
    is already there (a node derived twice); 3 deferred is fine."""
    if result[0] in (1, 2):
        raise DurableActionError("durable-rules refused a fact (not handled, or already asserted); "
                                 "its text is withheld: it may quote case facts")


def _raise_if_failed(state: Any) -> None:
    if isinstance(state, dict) and state.get("exception"):
        # durable's text quotes the fact it refused, which can carry case data: never echo it.
        raise DurableActionError("an action inside durable-rules failed (its text is withheld: it may quote case facts)")


def _noop(c: Any) -> None:
    pass
