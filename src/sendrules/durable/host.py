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
import threading
from collections.abc import Callable, Iterable
from typing import Any

try:
    from durable import engine as _engine
except ImportError as exc:  # the [durable] extra is not installed, or Python >= 3.13
    _engine = None
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
    one live session per Host, a catch-all rule, delete_state in `finally`, action errors raised."""

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
            for rules in defs.values():
                # Every fact must be "handled" by some pattern, or durable drops it (inside an
                # action) or raises and leaves a session whose deletion can crash the process. The
                # second pattern never matches, so this catch-all never costs an action.
                rules[CATCH_ALL] = {"all": [{"m": {"t": "v"}}, {"z": {"t": "never"}}], "pri": 65535, "run": _noop}
            host.set_rulesets(defs)
            self._local.host = host
        return host

    def run(self, ruleset: str, batches: Iterable[list[dict]]) -> None:
        """Assert each batch of facts into one fresh session, in order; then delete the session.

        `batches` may be a generator: it resumes only after the previous batch has finished
        chaining, so a later stage can depend on what earlier ones derived (stratification).
        """
        host = self._host()
        try:
            for batch in batches:
                facts = [strict_json({**f, "sid": SID}) for f in batch]
                if facts:
                    _raise_if_failed(host.assert_facts(ruleset, facts))
        finally:
            host.delete_state(ruleset, SID)


def _raise_if_failed(state: Any) -> None:
    if isinstance(state, dict) and state.get("exception"):
        # durable's text quotes the fact it refused, which can carry case data: never echo it.
        raise DurableActionError("an action inside durable-rules failed (its text is withheld: it may quote case facts)")


def _noop(c: Any) -> None:
    pass
