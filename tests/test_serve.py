"""`zinegen serve` as a user meets it: started from the command line, opened in a real
browser (headless Chromium, through Playwright), edited while it runs; `build --gallery`'s
page opened from disk; and the guard that keeps the server inside the output folder."""

from __future__ import annotations

import http.client
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML, run
from pypdf import PdfReader

from zinegen.serve import NotServed, find_file

SHOTS = Path("/tmp/serve")  # screenshots, to look at the page

# The minimal booklet and the built-in card: a long product and a fixed one, quick to build.
KIT_TOML = (
    MINIMAL_TOML
    + """
[products.card]
layout = "card"
title = "Safety card"
panels = [["card-tips"], ["card-bad-dates"]]
"""
)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("no chromium on this computer (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e .[test])"
    )
    executable = _chromium()
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


def _write_kit(root: Path) -> Path:
    (root / "content" / "en").mkdir(parents=True)
    (root / "zine.toml").write_text(KIT_TOML, encoding="utf-8")
    (root / "content" / "en" / "hello.md").write_text(HELLO_SECTION, encoding="utf-8")
    return root


def _start(kit: Path, out: Path) -> tuple[subprocess.Popen, str]:
    """`zinegen serve` in a process of its own, as a user starts it; the address it prints."""
    port = _free_port()
    import zinegen

    # the zinegen these tests import, not another install of it
    env = {**os.environ, "PYTHONPATH": str(Path(zinegen.__file__).parents[1])}
    command = [sys.executable, "-m", "zinegen", "serve", "--kit", str(kit), "--out", str(out)]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if found is None:
        process.kill()
        pytest.fail(f"zinegen serve printed {line!r}; stderr: {process.stderr.read()}")
    assert int(found.group(1)) == port
    return process, found.group(0)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> tuple[int, str, str]:
    """Ctrl-C, as in a terminal: (exit code, stdout, stderr)."""
    process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out, err


def _built(page, timeout_ms: int = 30000) -> None:
    """Wait until the first build is on the page."""
    page.wait_for_function(
        "() => document.querySelectorAll('.thumbs img').length >= 6", timeout=timeout_ms
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of a small kit, served; stopped with Ctrl-C at the end."""
    root = tmp_path_factory.mktemp("served")
    kit, out = _write_kit(root / "kit"), root / "out"
    process, url = _start(kit, out)
    yield url, kit, out
    code, _, err = _stop(process)
    assert code == 0, err


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_page_shows_every_product_with_thumbnails_and_files(browser, served):
    url, _, _ = served
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(url)
    _built(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "serve.png", full_page=True)
    for product, pages in (("booklet", 4), ("card", 2)):
        section = page.locator(f"#en-{product}")
        images = section.locator(".thumbs img")
        assert images.count() == pages
        for n in range(pages):
            image = images.nth(n)
            assert image.get_attribute("alt").strip()
            assert image.evaluate("i => i.complete && i.naturalWidth > 0")
            response = page.request.get(urljoin(url, image.get_attribute("src")))
            assert response.status == 200
            assert response.headers["content-type"] == "image/png"
        hrefs = section.locator(".files a").evaluate_all("links => links.map(a => a.href)")
        assert len(hrefs) == 3  # reading PDF, print PDF, job ticket
        types = [page.request.get(href).headers["content-type"] for href in hrefs]
        assert types == ["application/pdf", "application/pdf", "text/plain; charset=utf-8"]
    assert re.search(r"Body text [\d.]+ pt \(range", page.locator("#en-card").inner_text())
    assert page.locator("#en-card img").first.get_attribute("alt") == (
        "Safety card, front (1 of 2)"
    )
    page.close()


def _raw_get(url: str, path: str, method: str = "GET") -> int:
    """A request sent exactly as written (a browser would tidy away the '..')."""
    host, port = re.search(r"//([^:/]+):(\d+)", url).groups()
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../zine.toml",
        "/%2e%2e/zine.toml",
        "/en/%2E%2E/%2e%2e/kit/zine.toml",
        "/..%2fkit%2fzine.toml",
        "/en/..%5c..%5ckit%5czine.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "/.zinegen.lock",
        "/en",
    ],
)
def test_requests_outside_the_output_folder_are_refused(served, path):
    url, _, _ = served
    assert _raw_get(url, path) in (403, 404)


def test_the_server_writes_nothing_and_answers_only_its_own_name(served):
    url, _, _ = served
    for method in ("POST", "PUT", "DELETE"):
        assert _raw_get(url, "/en/card.pdf", method) == 501
    host, port = re.search(r"//([^:/]+):(\d+)", url).groups()
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", "/", headers={"Host": f"attacker.example:{port}"})
    assert connection.getresponse().status == 403
    connection.close()


def test_a_save_updates_the_open_page_and_a_broken_file_keeps_the_last_pdfs(browser, served):
    url, kit, _ = served
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(url)
    _built(page)
    loads = []
    page.on("load", lambda _: loads.append(1))
    first = page.locator("#en-booklet .thumbs img").nth(2).get_attribute("src")
    section = kit / "content" / "en" / "hello.md"
    section.write_text(HELLO_SECTION.replace("Some words", "Freshly edited words"))

    started = time.monotonic()
    page.wait_for_function(
        "old => !document.querySelectorAll('#en-booklet .thumbs img')[2].src.endsWith(old)",
        arg=first,
        timeout=15000,
    )
    assert time.monotonic() - started < 10
    assert not loads  # updated in place, not reloaded
    reading = page.locator("#en-booklet .files a").first.get_attribute("href")
    assert "Freshly edited words" in _pdf_text(page.request.get(urljoin(url, reading)).body())

    section.write_text(HELLO_SECTION.replace("id: hello", "id: [hello"))
    failure = page.locator(".failure")
    failure.wait_for(timeout=15000)
    said = failure.inner_text()
    assert "content/en/hello.md, line 2" in said
    assert "front matter" in said
    page.screenshot(path=SHOTS / "serve-broken.png", full_page=True)
    # the last good PDFs stay, on the page and on the server
    assert page.locator("#en-booklet .thumbs img").count() == 4
    response = page.request.get(urljoin(url, reading))
    assert response.status == 200
    assert "Freshly edited words" in _pdf_text(response.body())

    section.write_text(HELLO_SECTION)  # mended: the message goes
    failure.wait_for(state="detached", timeout=15000)
    assert not loads
    page.close()


def test_ctrl_c_stops_serve_cleanly(tmp_path):
    kit = _write_kit(tmp_path / "quick")
    (kit / "zine.toml").write_text(MINIMAL_TOML, encoding="utf-8")
    process, _ = _start(kit, tmp_path / "out")
    time.sleep(0.5)  # stopped in the middle of the first build
    code, out, err = _stop(process)
    assert code == 0, err
    assert "Traceback" not in err
    assert out.rstrip().endswith("stopped.")


def test_the_gallery_is_a_plain_page_with_working_links_and_alt_text(browser, make_kit):
    kit = make_kit(
        {
            "zine.toml": KIT_TOML.replace('"Safety card"', '"Card <b>&amp;</b> more"'),
            "content/en/hello.md": HELLO_SECTION,
        }
    )
    out = kit.parent / "site"
    result = run("build", "--kit", kit, "--out", out, "--gallery")
    assert result.exit_code == 0, result.output
    index = out / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<b>&amp;</b>" not in html  # the kit's words are escaped
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(index.as_uri())
    page.screenshot(path=SHOTS / "gallery.png", full_page=True)
    assert "Card <b>&amp;</b> more" in page.locator("#en-card h3").inner_text()
    assert [h.inner_text() for h in page.locator("h2").all()] == ["English (en)"]
    images = page.locator("img")
    assert images.count() == 6
    for image in images.all():
        assert image.get_attribute("alt").strip()
        image.scroll_into_view_if_needed()
        assert image.evaluate("i => i.complete && i.naturalWidth > 0")
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 2 * 3 + 6  # three files per product, and a link per thumbnail
    for href in hrefs:
        assert href.startswith(out.as_uri() + "/")
        assert Path(href.split("#")[0].removeprefix("file://")).is_file(), href
    assert "(1 KB)" in page.locator("#en-card .files").inner_text()
    assert page.locator("#en-booklet img").first.get_attribute("alt") == (
        "Test booklet, page 1 of 4"
    )
    page.close()


def test_a_product_that_fails_keeps_its_last_pdfs_and_says_why_beside_them(make_kit):
    from html.parser import HTMLParser

    long_words = " ".join(["Many words that will not fit on the front of a card."] * 30)
    kit = make_kit(
        {
            "zine.toml": KIT_TOML.replace('["card-tips"]', '["tips"]'),
            "content/en/hello.md": HELLO_SECTION,
            "content/en/tips.md": HELLO_SECTION.replace("id: hello", "id: tips"),
        }
    )
    out = kit.parent / "site"
    assert run("build", "card", "--kit", kit, "--out", out, "--gallery").exit_code == 0
    tips = kit / "content" / "en" / "tips.md"
    tips.write_text(HELLO_SECTION.replace("id: hello", "id: tips") + long_words)
    result = run("build", "card", "--kit", kit, "--out", out, "--gallery")
    assert result.exit_code == 1

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.words, self.links = [], []

        def handle_data(self, data):
            self.words.append(data)

        def handle_starttag(self, tag, attrs):
            self.links += [value for name, value in attrs if name in ("href", "src")]

    page = Text()
    page.feed((out / "index.html").read_text(encoding="utf-8"))
    said = " ".join(" ".join(page.words).split())
    assert "The last build of card failed; the PDFs here are from an earlier build" in said
    assert re.search(r"content/en/tips\.md ?: card: front .* overflows by \d+ mm", said)
    assert str(kit) not in said  # a page for a website names no folder of this computer
    assert {"en/card.pdf", "en/card-print.pdf", "en/card-print.txt"} <= set(page.links)
    assert "Some words" in _pdf_text((out / "en" / "card.pdf").read_bytes())


# --- the guard, alone ---------------------------------------------------------------------


@pytest.fixture
def out_folder(tmp_path):
    out = tmp_path / "out"
    (out / "en" / "thumbs").mkdir(parents=True)
    (out / "en" / "card.pdf").write_bytes(b"%PDF-1.7")
    (out / "en" / "thumbs" / "card-1.png").write_bytes(b"\x89PNG")
    (out / "en" / "card-print.txt").write_text("ticket")
    (out / ".zinegen.lock").write_text("")
    (out / "en" / "notes.md").write_text("not served")
    (tmp_path / "zine.toml").write_text("secret")
    (out / "en" / "outside.pdf").symlink_to(tmp_path / "zine.toml")
    (out / "en" / "inside.pdf").symlink_to(out / "en" / "card.pdf")
    return out


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/en/card.pdf", "application/pdf"),
        ("/en/card.pdf?v=12#page=2", "application/pdf"),
        ("/en/thumbs/card-1.png", "image/png"),
        ("/en/card-print.txt", "text/plain; charset=utf-8"),
        ("/en/%63ard.pdf", "application/pdf"),
        ("/en/inside.pdf", "application/pdf"),  # a symlink that stays inside
    ],
)
def test_the_guard_serves_files_of_the_output_folder(out_folder, path, kind):
    found, said = find_file(out_folder, path)
    assert found.is_relative_to(out_folder.resolve())
    assert said == kind


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/../zine.toml", 403),
        ("/%2e%2e/zine.toml", 403),
        ("/%2E%2E/zine.toml", 403),
        ("/en/../../zine.toml", 403),
        ("/en/%2e%2e%2f%2e%2e%2fzine.toml", 403),
        ("/en\\..\\..\\zine.toml", 403),
        ("/%5c%2e%2e%5czine.toml", 403),
        ("//etc/passwd", 403),
        ("/%2fetc%2fpasswd", 403),
        ("/C:/Windows/win.ini", 403),
        ("http://elsewhere/en/card.pdf", 403),
        ("/en/outside.pdf", 403),  # a symlink out of the folder
        ("/.zinegen.lock", 403),
        ("/en/./card.pdf", 403),
        ("/en/card.pdf%00.png", 403),
        ("/en/notes.md", 404),  # not a kind of file the page links
        ("/en/missing.pdf", 404),
        ("/en", 404),
        ("/en/%ff.pdf", 404),
    ],
)
def test_the_guard_refuses_everything_else(out_folder, path, status):
    with pytest.raises(NotServed) as refused:
        find_file(out_folder, path)
    assert refused.value.status == status
