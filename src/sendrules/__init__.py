"""sendrules: English SEND law as declarative rule files, evaluated with citations.

    import datetime, sendrules
    rulebook = sendrules.load_rulebook()          # compile once
    result = sendrules.evaluate(rulebook, case_dict, as_at=datetime.date(2026, 1, 5))
    result.outcomes["status.age_group"].value     # a typed Result; result.to_json() is canonical
"""

from .api import check_rules, document, evaluate, evaluate_area, evaluate_with, load_rulebook
from .errors import Diagnostic, InputError, RulebookError, SendrulesError
from .result.model import Result

__all__ = ["Diagnostic", "InputError", "Result", "RulebookError", "SendrulesError", "check_rules", "document",
           "evaluate", "evaluate_area", "evaluate_with", "load_rulebook"]
