"""report.html in a real headless browser: it renders offline, shows the sections a head of SEND
reads, and asks the network for nothing. A screenshot is saved to look at."""

from __future__ import annotations

import os
from pathlib import Path

from browser import chromium_page

from sendrules.audit.run import AuditOptions, run_audit
from sendrules.audit.synthetic import generate_return

# Screenshots go where SENDRULES_SHOTS says, else to the team's shots folder where it exists, else
# beside the test's own files (a clean clone writes nothing outside itself).
_TEAM_SHOTS = Path("/work/briefs/shots")


def _shots(tmp_path: Path) -> Path:
    named = os.environ.get("SENDRULES_SHOTS")
    if named:
        return Path(named)
    return _TEAM_SHOTS if _TEAM_SHOTS.is_dir() and os.access(_TEAM_SHOTS, os.W_OK) else tmp_path


def test_report_renders_offline_in_chromium(tmp_path):
    src = tmp_path / "SEN2-synthetic.xml"
    xml = b"".join(generate_return(1200, seed=21, year=2026, lea="999"))
    # one person with an unreadable date, so the rejected section has a row
    xml = xml.replace(b"<ReceivedDate>", b"<ReceivedDate>2025-13-", 1).replace(b"2025-13-", b"2025-13-01", 1)
    src.write_bytes(xml)
    summary = run_audit(src, tmp_path / "out", AuditOptions(jobs=1))
    assert summary.rejected >= 1
    report = tmp_path / "out" / "report.html"
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    requests: list[str] = []
    with chromium_page(width=1280, height=900) as page:
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        headings = page.locator("h2").all_inner_texts()
        assert headings[:3] == ["Headline", "Timeliness by month", "DfE's measures and the law's"]
        assert any(h.startswith("Overdue and late duties by rule") for h in headings)
        assert any(h.startswith("Week20 exceptions asserted but not evidenced") for h in headings)
        assert any(h.startswith("Persons rejected (") for h in headings) and "Receipt" in headings
        # the month chart drew a bar pair per month and the rule chart its rows
        assert page.locator("svg[aria-label='Plans issued within 20 weeks by month'] rect").count() == 24
        assert page.locator("svg[aria-label='Overdue and late duties by rule'] text").count() >= 2
        box = page.locator("svg").first.bounding_box()
        assert box and box["width"] > 400 and box["height"] > 100
        assert "2025-13-01" not in page.content()
        shots = _shots(tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "audit-report.png"), full_page=True)
        assert (shots / "audit-report.png").stat().st_size > 10_000
    assert [u for u in requests if not u.startswith("file://")] == []
