"""The explorer page in a real headless chromium, loaded from a real server on loopback: fill the
form, move the as-at date, and see the timeline, the explanations, the findings still needed and
the what-if change; save a scenario; every control labelled and usable from the keyboard."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from browser import chromium_page, require_chromium
from serve_support import running

from sendrules.load.yaml_reader import parse_yaml
from sendrules.scenarios.models import ScenarioFile
from sendrules.serve.app import create_app

def _shots(tmp_path: Path) -> Path:
    """Where the screenshot goes: $SENDRULES_SHOTS, the team's shots folder where there is one, else tmp."""
    if os.environ.get("SENDRULES_SHOTS"):
        return Path(os.environ["SENDRULES_SHOTS"])
    team = Path("/work/briefs")
    return team / "shots" if team.is_dir() and os.access(team, os.W_OK) else tmp_path
DECISION = "assessment.decision_whether_to_assess[R1]"
CASE = {"schema_version": "2.0", "case_id": "PAGE-1", "person": {"birth_date": "2015-03-02"},
        "requests": [{"request_id": "R1", "received_date": "2026-01-05", "requested_by": "parent"}]}


@pytest.fixture(scope="module")
def page_url(rulebook):
    require_chromium()
    with running(create_app(rulebook)) as url:
        yield url


def _row_status(page, key: str) -> str | None:
    return page.evaluate("k => { const g = document.querySelector(`#timeline-svg g.row[data-key=\"${k}\"]`);"
                         " return g ? g.dataset.status : null; }", key)


def _settled(page) -> None:
    """Wait until the page shows the answer for its latest input (the page marks it on <body>)."""
    page.wait_for_function("() => document.body.dataset.state === 'ready'")


def _set_slider(page, iso: str) -> None:
    """Move the slider with the keyboard, one day per arrow press, to `iso`."""
    page.focus("#as-at")
    now = page.evaluate("() => Number(document.getElementById('as-at').value)")
    want = page.evaluate("d => Math.round(Date.parse(d + 'T00:00:00Z') / 86400000)", iso)
    key = "ArrowRight" if want > now else "ArrowLeft"
    for _ in range(abs(want - now)):
        page.keyboard.press(key)
    page.wait_for_function("d => document.getElementById('status').textContent.startsWith('At ' + d + ':')",
                           arg=page.evaluate("d => new Date(d + 'T00:00:00Z').toLocaleDateString('en-GB', "
                                             "{day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'})", iso))


def test_the_explorer_in_a_real_browser(page_url, tmp_path):
    with chromium_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        requests_elsewhere: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(page_url) or r.url.startswith("blob:")
                else requests_elsewhere.append(r.url))
        page.goto(page_url + "/")
        page.wait_for_function("() => document.querySelectorAll('#example option').length > 100")

        # an example loads and is evaluated
        first = page.evaluate("() => document.querySelector('#example optgroup option').value")
        page.select_option("#example", first)
        page.click("#load-example")
        _settled(page)

        # paste a case, then edit its key facts in the form
        page.click("#paste summary")
        page.fill("#case-json", json.dumps(CASE))
        page.click("#use-json")
        _settled(page)
        assert page.input_value("#f-received") == "2026-01-05"
        assert page.input_value("#f-birth") == "2015-03-02"

        # the as-at slider: before the 6-week due date the decision is pending, after it overdue
        _set_slider(page, "2026-02-01")
        assert _row_status(page, DECISION) == "pending"
        explanation = page.text_content(f'#decisions li[data-key="{DECISION}"]')
        _set_slider(page, "2026-02-20")
        assert _row_status(page, DECISION) == "overdue"
        assert "20 Feb 2026" in page.text_content("#timeline-svg .as-at-label")
        assert page.text_content(f'#decisions li[data-key="{DECISION}"]') != explanation
        assert "legislation.gov.uk" in page.get_attribute(f'#decisions li[data-key="{DECISION}"] .law a', "href")
        table = page.text_content("#duty-table tbody")
        assert "overdue" in table and "16 Feb 2026" in table

        # the decision recorded in the form: met late (notified 18 Feb, due 16 Feb)
        page.fill("#f-decision", "2026-02-18")
        page.wait_for_function(f"() => document.querySelector('#timeline-svg g.row[data-key=\"{DECISION}\"]')"
                               f"?.dataset.status === 'met_late'")
        assert page.input_value("#f-outcome") == "assess"

        # a finding the law still needs is asked as its question, then answered yes / no / not yet decided
        _settled(page)
        needed = page.text_content("#needed")
        question = page.evaluate("() => document.querySelector('#findings label')?.textContent || ''")
        assert question and question.split(" ")[0] in needed
        select = page.evaluate("() => document.querySelector('#findings select').id")
        name = page.get_attribute(f"#{select}", "data-finding")
        assert name in needed
        page.select_option(f"#{select}", "yes")
        page.wait_for_function("n => !document.getElementById('needed').textContent.includes(n)", arg=name)
        assert json.loads(page.input_value("#case-json"))["requests"][0]["findings"][name] == {"value": True}

        # the final plan from the form, and a what-if: 20 weeks -> 18 weeks moves its due date
        page.fill("#f-draft", "2026-04-20")
        _settled(page)
        _set_slider(page, "2026-05-01")
        page.select_option("#wi-param", "final_plan_weeks")
        page.fill("#wi-value", "18")
        page.click("#wi-run")
        page.wait_for_selector("#whatif table")
        whatif = page.text_content("#whatif")
        assert "plan.final_plan[R1]" in whatif and "25 May 2026" in whatif and "11 May 2026" in whatif

        shots = _shots(tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "serve-explorer.png"), full_page=True)

        # save as scenario: the case and the date, with expectations for the author to fill in
        with page.expect_download() as download:
            page.click("#save-scenario")
        saved = tmp_path / "scenario.yaml"
        download.value.save_as(saved)
        data, diags = parse_yaml(saved.read_text(encoding="utf-8"), "scenario.yaml")
        assert not diags
        assert data["scenarios"][0]["as_at"].isoformat() == "2026-05-01"
        assert data["scenarios"][0]["case"]["requests"][0]["outcome_date"] == "2026-02-18"
        with pytest.raises(ValueError, match="checks nothing"):
            ScenarioFile.model_validate(data)   # until the author writes what the law requires

        assert not errors, errors
        assert not requests_elsewhere, requests_elsewhere


def test_every_control_is_labelled_and_reachable_by_keyboard(page_url):
    with chromium_page() as page:
        page.goto(page_url + "/")
        page.wait_for_function("() => document.querySelectorAll('#example option').length > 100")
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id)""")
        assert unlabelled == []
        # Tab from the top reaches the example list, its button and the as-at slider, in that order
        reached = []
        for _ in range(40):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("() => document.activeElement.id"))
        assert reached.index("example") < reached.index("load-example") < reached.index("as-at")
        # choose an example and load it without the mouse
        page.focus("#example")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.focus("#load-example")
        page.keyboard.press("Enter")
        _settled(page)
        before = page.text_content("#as-at-text")
        page.focus("#as-at")
        page.keyboard.press("ArrowRight")
        assert page.text_content("#as-at-text") != before
        day = page.evaluate("() => Number(document.getElementById('as-at').value)")
        page.keyboard.press("PageUp")
        assert page.evaluate("() => Number(document.getElementById('as-at').value)") == day + 30
        # the statuses are in words in the chart and the table, not only in colour
        statuses = page.evaluate("() => [...document.querySelectorAll('#timeline-svg .row-status')].map(t => t.textContent)")
        assert statuses and all(any(c.isalpha() for c in s) for s in statuses)
