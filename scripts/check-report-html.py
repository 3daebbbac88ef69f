"""Opens a board report page in headless Chromium (Debian's, through Playwright) and checks it:
no console error or page error, both charts of each ICP present with an accessible name, no serious
or critical axe violation; keeps a full-page screenshot and a PDF print as artefacts.

    python3 scripts/check-report-html.py PAGE.html ARTIFACT_DIR
Prints one line per check and a closing "N passed, N failed"; exits 1 when any failed."""
import os
import pathlib
import shutil
import sys

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

page_path, artifacts = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2])
chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    sys.exit("check-report-html: no chromium on PATH (apt-get install chromium)")
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'FAILED'}: {name}{' — ' + detail if detail and not ok else ''}")


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    check("the page renders with no console error", not errors, "; ".join(errors))
    check("no script on the page", page.locator("script").count() == 0)
    sections = page.locator("section.icp")
    check("an ICP section is present", sections.count() >= 1)
    for index in range(sections.count()):
        section = sections.nth(index)
        trend = section.locator("svg[aria-labelledby*='-trend-title']")
        drift = section.locator("svg[aria-labelledby*='-drift-title']")
        check(f"ICP {index + 1}: the fit-share chart is present", trend.count() == 1 and trend.first.bounding_box()["width"] > 100)
        check(f"ICP {index + 1}: the drift chart is present", drift.count() == 1 and drift.first.bounding_box()["width"] > 100)
        check(f"ICP {index + 1}: the fit-share chart draws a line", section.locator("polyline.count").count() == 1)
        check(f"ICP {index + 1}: the drift chart draws bars", section.locator("rect.bar-definition, rect.bar-market").count() >= 1)
    text = page.inner_text("body")
    check("hostile text is shown as text", "<b>bold</b>" in text and page.locator("main b").count() == 0)
    violations = Axe().run(page).response["violations"]
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    check("axe finds no serious or critical violation", not serious, "; ".join(f"{v['id']}: {v['help']}" for v in serious))
    artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifacts / "board-report.png"), full_page=True)
    page.emulate_media(media="print")
    page.pdf(path=str(artifacts / "board-report.pdf"), format="A4", print_background=True)
    check("it prints to PDF", (artifacts / "board-report.pdf").stat().st_size > 10_000)
    browser.close()

passed, failed = results.count(True), results.count(False)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
