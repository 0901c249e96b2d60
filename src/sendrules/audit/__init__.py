"""Caseload audit: SEN2 returns (or case files) in, findings, statistics and a report out.

Stages, one module each: `sen2_reader` (hardened, streaming XML) -> `to_case` (SEN2 person to a
2.0 case) -> `run` (evaluation over a process pool, in input order) -> `findings`, `statistics`
-> `report_html`. Every finding comes from evaluating the rules; nothing here decides the law.
"""
