"""sendrules: English SEND law as declarative rule files, evaluated with citations.

    import datetime, sendrules
    rulebook = sendrules.load_rulebook()          # compile once
    result = sendrules.evaluate(rulebook, case_dict, as_at=datetime.date(2026, 1, 5))
"""

from .api import check_rules, evaluate, evaluate_area, evaluate_case, load_rulebook, result_dict
from .errors import Diagnostic, InputError, RulebookError, SendrulesError

__all__ = ["Diagnostic", "InputError", "RulebookError", "SendrulesError", "check_rules", "evaluate", "evaluate_area",
           "evaluate_case", "load_rulebook", "result_dict"]
