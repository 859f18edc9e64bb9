"""Browser tests: Debian's Chromium (Playwright cannot download browsers here) against the live
server, at a mid-range phone's viewport, with the real front-end build, 3D pipeline and TTS.

Skipped, with the reason, when Chromium, the Playwright package, the front-end build or
axe-core is missing.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from heritage_cms.core.roles import MODERATORS, ensure_roles
from heritage_cms.demo.stripe_sandbox import serving

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = ROOT / "frontend/node_modules/axe-core/axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BUILD = "npm ci --prefix frontend && npm run build --prefix frontend"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run where a
# loop is running unless told the calls really are synchronous (they are: one thread, blocking).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="needs the playwright package: pip install playwright"
    )
    from heritage_cms.core.templatetags.assets import AssetsNotBuilt, manifest

    try:
        manifest()
    except AssetsNotBuilt:
        pytest.skip(f"the front-end build has not run: {BUILD}")
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed: {BUILD}")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            # WebGL for model-viewer without a GPU.
            args=["--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--no-sandbox"],
        )
        yield browser
        browser.close()


@pytest.fixture
def sandbox(live_server, settings):
    """The TEST MODE Stripe sandbox on loopback, delivering its signed webhooks to the live
    server; the platform's Stripe client talks to it."""
    with serving(settings, webhook_url=f"{live_server.url}/payments/stripe/webhook/") as server:
        yield server


@pytest.fixture
def staff_roles(transactional_db, home):
    """The staff groups' permissions and Wagtail's default "Moderators approval" workflow on the
    root, as every migrate leaves them: an earlier transactional test's flush took them with the
    old root page."""
    ensure_roles()
    if WorkflowPage.objects.exists():
        return
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([Group.objects.get(name=MODERATORS)])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone: no cache, no service worker, English preferred by its browser.

    It bypasses the Content-Security-Policy so axe-core can be injected and Playwright can poll
    with string expressions; test_csp.py drives a phone that honours the policy.
    """
    context = browser.new_context(
        **PHONE, base_url=live_server.url, locale="en-GB", bypass_csp=True
    )
    context.set_default_timeout(20_000)
    yield context
    context.close()


def check_accessibility(page, name: str, full_page: bool = True) -> None:
    """axe-core's rules (WCAG 2.x A/AA and best practices) on the page as it is; a screenshot.

    A live WebGL canvas (software-rendered here) makes full-page screenshots crawl: pass
    ``full_page=False`` once the 3D viewer is running.
    """
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=full_page, timeout=60_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, { resultTypes: ['violations'] })")
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not problems, f"axe on {name} ({page.url}):\n" + "\n".join(problems)


def needs_tts():
    if not (shutil.which("espeak-ng") and shutil.which("ffmpeg")):
        pytest.skip("needs espeak-ng and ffmpeg for the audio guide: make system-packages")
