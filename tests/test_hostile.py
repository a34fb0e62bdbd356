"""Hostile and broken kits: no code runs, no outside file or path reaches a PDF, nothing is
fetched, and every broken input is a message within seconds."""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import MINIMAL_TOML, run
from pypdf import PdfReader

SECRET = "SECRET-d41d8cd98f00"  # the bytes a file outside the kit holds

TOML = MINIMAL_TOML.replace('back_cover = ""\n', "")


def card_toml(back: str) -> str:
    """The test kit with a card instead of its booklet."""
    return TOML.split("[products.booklet]")[0] + (
        f'[products.card]\nlayout = "card"\ntitle = "Card"\npanels = [["hello"], [{back}]]\n'
    )


def section(body: str) -> str:
    return f"---\nid: hello\ntitle: Hello\nreviewed: 2026-11\n---\n{body}\n"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file beside the kit, never to be printed, with copies in the usual formats."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "notes.txt").write_text(SECRET)
    (folder / "notes.md").write_text(section(SECRET))
    (folder / "notes.yaml").write_text(f"- name: {SECRET}\n  category: hotline\n")
    return folder


def every_output(folder: Path) -> bytes:
    """Every byte written under a folder (PDFs, and anything else that got there)."""
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


@contextmanager
def time_limit(seconds: int):
    """A hang fails the test instead of stopping the run."""

    def expire(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --- code from a kit -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__[1].__subclasses__()",
        "organization.__class__.__init__.__globals__",
        "lipsum.__globals__['os'].popen('id').read()",
        "product.name.format.__self__.__class__",
    ],
)
def test_a_kit_template_cannot_reach_python(make_kit, tmp_path, expression):
    kit = make_kit(
        {
            "zine.toml": TOML,
            "content/en/hello.md": section("Hi."),
            "layouts/booklet/layout.html": f'{{% extends "base.html" %}}{{% block body %}}'
            f"{{{{ {expression} }}}}{{% endblock %}}",
        }
    )
    result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 2, result.output
    assert "layouts/booklet/layout.html" in result.output
    assert "uid=" not in result.output and not (tmp_path / "o" / "en").exists()


# --- files from outside the kit ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "link"),
    [
        ({}, ("content/en/hello.md", "notes.md")),
        ({"content/en/hello.md": section("Hi.")}, ("resources.yaml", "notes.yaml")),
        ({"content/en/hello.md": section("![x](images/a.png)")}, ("images", ".")),
    ],
)
def test_a_link_out_of_the_kit_is_refused_by_name(make_kit, tmp_path, secret, files, link):
    kit = make_kit({"zine.toml": TOML, **files})
    (kit / link[0]).parent.mkdir(parents=True, exist_ok=True)
    (kit / link[0]).symlink_to(secret / link[1])
    result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 2, result.output
    assert f"{link[0]}: this is a link to a file outside the kit" in result.output
    assert not (tmp_path / "o").exists()  # nothing written at all


@pytest.mark.parametrize(
    "body",
    [
        '<img src="file://{secret}/notes.txt">',
        '<link rel="attachment" href="file://{secret}/notes.txt">',
        '<a rel="attachment" href="file://{secret}/notes.txt">notes</a>',
        "![notes](../../../private/notes.txt)",
        '<img src="../../../private/notes.txt" width="40">',
        '<object data="file://{secret}/notes.txt"></object>',
        '<iframe src="file://{secret}/notes.txt"></iframe>',
        '<svg><image href="file://{secret}/notes.txt"/></svg>',
        '<base href="file://{secret}/"><img src="notes.txt">',
    ],
)
def test_no_outside_file_reaches_a_pdf(make_kit, tmp_path, secret, body):
    kit = make_kit({"zine.toml": TOML, "content/en/hello.md": section(body.format(secret=secret))})
    out = tmp_path / "o"
    result = run("build", "--kit", kit, "--out", out)
    assert result.exit_code in (0, 2), result.output
    said = " ".join(result.output.split())
    assert any(w in said for w in ("removed", "refused", "cannot be printed")), said
    written = every_output(out) if out.exists() else b""
    assert SECRET.encode() not in written
    assert b"EmbeddedFile" not in written  # no attachment of any file
    assert str(secret).encode() not in written  # nor its path


def test_the_pdf_s_details_and_links_come_from_zinegen(make_kit, tmp_path):
    body = (
        '<meta name="author" content="Somebody Else">'
        '<meta name="dcterms.created" content="1999-01-01">'
        '<a href="notes.txt">a local file</a> <a href="https://example.org/">the web</a>'
        ' <a href="#s-hello">this page</a>'
    )
    kit = make_kit({"zine.toml": TOML, "content/en/hello.md": section(body)})
    (kit / "notes.txt").write_text("notes")
    result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert "removed <meta> from the section" in result.output
    assert 'removed a link to "notes.txt"' in result.output
    pdf = tmp_path / "o" / "en" / "booklet.pdf"
    reader = PdfReader(pdf)
    assert reader.metadata.author == "Test Outreach" and reader.metadata.title == "Test booklet"
    assert "/CreationDate" not in reader.metadata
    uris = [
        str(annot.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/URI" in annot.get_object().get("/A", {})
    ]
    # the web link stays, and the contact line's number is one; no file: link, no path
    assert uris == ["https://example.org/", "tel:5550100"]


def test_an_id_a_layout_uses_cannot_take_a_box_s_place(make_kit, tmp_path):
    kit = make_kit(
        {
            "zine.toml": card_toml('"back"'),
            "content/en/hello.md": section('Front <span id="box-2">words</span>'),
            "content/en/back.md": section("The real back.").replace("id: hello", "id: back"),
        }
    )
    result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert 'removed id="box-2"' in result.output
    pages = PdfReader(tmp_path / "o" / "en" / "card.pdf").pages
    assert "The real back." in pages[1].extract_text()


# --- the network ---------------------------------------------------------------------------------


@pytest.fixture
def listener():
    """A TCP server on this machine that counts the connections it gets."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    accepted = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            accepted.append(connection)
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join(2)
    server.close()


def test_nothing_is_fetched_from_the_network(make_kit, tmp_path, listener):
    port, accepted = listener
    url = f"http://127.0.0.1:{port}"
    attempts = {
        "content/en/hello.md": section(
            f'Hi <img src="{url}/a.png"> <a href="{url}/b">b</a>'
            f'<link rel="stylesheet" href="{url}/c.css"><svg><image href="{url}/d.png"/></svg>'
        ),
        "content/en/more.md": section(f"![e]({url}/e.png)").replace("id: hello", "id: more"),
        "extra.css": f'@import url("{url}/f.css");\np {{ background: url({url}/g.png); }}\n'
        f"@font-face {{ font-family: X; src: url({url}/h.ttf); }}\n",
        "layouts/booklet/layout.html": '{% extends "base.html" %}{% block body %}'
        f'<img src="{url}/i.png"><link rel="stylesheet" href="{url}/j.css">'
        '<section id="s-hello">x</section>{% endblock %}',
    }
    for name, text in attempts.items():
        files = {"zine.toml": TOML, "content/en/hello.md": section("Hi."), name: text}
        kit = make_kit(files, name=f"kit-{name.replace('/', '-')}")
        run("build", "--kit", kit, "--out", tmp_path / "o")
    assert accepted == [], f"{len(accepted)} connections reached the listener"


# --- memory and time ---------------------------------------------------------------------------


def png(width: int, height: int, truncate: bool = False) -> bytes:
    """A grey PNG of any size: a small file that decodes to width x height pixels."""
    row = b"\x00" + bytes(width)
    data = zlib.compressobj(9)
    body = b"".join(data.compress(row) for _ in range(height)) + data.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload)
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    image = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
    image += chunk(b"IEND", b"")
    return image[: len(image) // 2] if truncate else image


def test_a_raw_image_beside_its_section_prints(make_kit, tmp_path):
    body = 'Above.\n\n<img src="dot.png" width="60" alt="A dot">\n'
    kit = make_kit({"zine.toml": TOML, "content/en/hello.md": section(body)})
    (kit / "content" / "en" / "dot.png").write_bytes(png(40, 40))
    result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert "removed" not in result.output
    pages = PdfReader(tmp_path / "o" / "en" / "booklet.pdf").pages
    sizes = {image.image.size for page in pages for image in page.images}
    assert (40, 40) in sizes, sizes


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (png(12000, 4000), "more than a page needs"),
        (png(200, 200, truncate=True), "not an image file, or a damaged one"),
    ],
)
def test_an_image_bomb_or_a_broken_image_is_refused_by_name(make_kit, tmp_path, image, expected):
    kit = make_kit({"zine.toml": TOML, "content/en/hello.md": section("![x](x.png)")})
    (kit / "x.png").write_bytes(image)
    with time_limit(30):
        result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 2, result.output
    assert "refused to load x.png" in result.output and expected in result.output
    assert "content/en/hello.md" in result.output  # the section that asked for it


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "resources.yaml",
            'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n',
            "anchors and aliases (&name, *name) are not allowed",
        ),
        ("resources.yaml", "[" * 200 + "]" * 200, "nested more than 32 deep"),
        ("content/en/hello.md", section("[" * 20000), "'[' characters"),
        ("content/en/hello.md", section("- " * 2000 + "x"), "deeper than Markdown can follow"),
        ("zine.toml", TOML + "deep = " + "[" * 5000 + "]" * 5000 + "\n", "nests lists"),
        ("content/en/hello.md", section("x" * (3 * 1024 * 1024)), "the limit is 2 MB"),
    ],
)
def test_outsized_input_is_refused_quickly(make_kit, name, text, expected):
    kit = make_kit({"zine.toml": TOML, "content/en/hello.md": section("Hi."), name: text})
    with time_limit(20):
        result = run("check", "--kit", kit)
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.output.split())


def test_a_picture_is_known_by_its_content_not_its_name(make_kit, tmp_path):
    kit = make_kit({"zine.toml": TOML, "content/en/hello.md": section("![x](notes.txt)")})
    (kit / "content" / "en" / "notes.txt").write_bytes(png(12000, 4000))
    with time_limit(30):
        result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 2, result.output
    assert "refused to load content/en/notes.txt" in result.output
    assert "more than a page needs" in result.output


def test_pictures_adding_up_past_what_print_needs_are_refused(make_kit, tmp_path):
    body = "\n\n".join(f"![p{n}](p{n}.png)" for n in range(4))
    kit = make_kit({"zine.toml": TOML, "content/en/hello.md": section(body)})
    for n in range(4):  # 35 million pixels each: each under the limit, all four over it
        (kit / "content" / "en" / f"p{n}.png").write_bytes(png(7000 + n, 5000))
    with time_limit(60):
        result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "the pictures of one product add up to more than 120 million pixels" in said
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("toml", "body", "expected"),
    [
        (TOML, "Words of a booklet. " * 16000, "booklet: its sections hold 320 thousand"),
        (card_toml(""), "Words of a card. " * 1300, "card: front holds 22 thousand"),
    ],
)
def test_text_far_beyond_a_product_is_refused_before_layout(make_kit, toml, body, expected):
    kit = make_kit({"zine.toml": toml, "content/en/hello.md": section(body)})
    with time_limit(30):
        result = run("check", "--kit", kit)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert expected in said and "it was not laid out" in said
    assert "content/en/hello.md" in said


def test_a_product_printing_hundreds_of_resources_is_refused(make_kit):
    toml = TOML.replace('sections = ["hello"]', 'sections = ["hello", "local-resources"]')
    entries = "".join(
        f"- name: Clinic {n}\n  category: health clinic\n  phone: 555-01{n % 100:02d}\n"
        for n in range(301)
    )
    kit = make_kit(
        {"zine.toml": toml, "content/en/hello.md": section("Hi."), "resources.yaml": entries}
    )
    with time_limit(60):
        result = run("check", "--kit", kit)
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "resources.yaml: booklet would print 301 local resources" in said
    assert "resources = { tags = [...], limit = ... } under [products.booklet]" in said


def test_yaml_reads_the_same_without_the_c_parser(monkeypatch):
    import yaml

    from zinegen.errors import load_yaml

    text = "- name: A\n  phone: 0712345\n  open: No\n- name: B\n  tags: [x, y]\n"
    fast, node = load_yaml(text)
    assert fast == [
        {"name": "A", "phone": "0712345", "open": "No"},
        {"name": "B", "tags": ["x", "y"]},
    ]
    assert [item.start_mark.line for item in node.value] == [0, 3]
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    slow, node = load_yaml(text)
    assert slow == fast and [item.start_mark.line for item in node.value] == [0, 3]
    for bad in ("a: &x 1\nb: *x\n", "[" * 40 + "]" * 40, "a: 1\na: 2\n"):
        with pytest.raises(yaml.YAMLError):
            load_yaml(bad)
        monkeypatch.setattr(yaml, "__with_libyaml__", True)
        with pytest.raises(yaml.YAMLError):
            load_yaml(bad)
        monkeypatch.setattr(yaml, "__with_libyaml__", False)


def test_a_pipe_among_the_sections_is_a_message_not_a_hang(make_kit):
    kit = make_kit({"zine.toml": TOML, "content/en/hello.md": section("Hi.")})
    os.mkfifo(kit / "content" / "en" / "pipe.md")
    with time_limit(20):
        result = run("check", "--kit", kit)
    assert result.exit_code == 2
    assert "content/en/pipe.md: the text file is not a regular file" in result.output


@pytest.mark.parametrize(
    ("layout_toml", "expected"),
    [
        ("grid = [0, 5]", "'sheet.grid' is [0, 5]"),
        ("grid = [100000, 1]", "each from 1 to 12"),
    ],
)
def test_a_kit_layout_with_impossible_numbers_is_refused(make_kit, layout_toml, expected):
    builtin = (Path(__file__).parents[1] / "layouts" / "card" / "layout.toml").read_text()
    kit = make_kit(
        {
            "zine.toml": card_toml(""),
            "content/en/hello.md": section("Hi."),
            "layouts/card/layout.toml": builtin.replace("grid = [2, 5]", layout_toml),
        }
    )
    with time_limit(20):
        result = run("check", "--kit", kit)
    assert result.exit_code == 2
    assert expected in result.output


# --- broken input is a message -------------------------------------------------------------


def test_a_damaged_kit_font_is_refused_when_the_kit_is_read(make_kit):
    from zinegen.kit.fonts import _package_files

    good = (_package_files() / "AtkinsonHyperlegible-Regular.ttf").read_bytes()
    damaged = bytearray(good)
    for index in range(2000, len(damaged), 997):
        damaged[index] ^= 0x5A
    toml = (
        TOML + '\n[[fonts]]\nfamily = "Ours"\nfile = "fonts/ours.ttf"\nlicence = "fonts/OFL.txt"\n'
    )
    kit = make_kit({"zine.toml": toml, "content/en/hello.md": section("Hi."), "fonts/OFL.txt": "x"})
    (kit / "fonts" / "ours.ttf").write_bytes(bytes(damaged))
    result = run("check", "--kit", kit)
    assert result.exit_code == 2
    assert "zine.toml:15: 'fonts[0].file': 'fonts/ours.ttf' cannot be read as a font" in " ".join(
        result.output.split()
    )


def test_a_library_s_own_log_lines_never_reach_the_user(make_kit):
    """A font fontTools can read but grumbles about (a glyph name index past its names)
    loads; what fontTools logs stays out of zinegen's output, unless --debug."""
    from fontTools.ttLib import TTFont

    from zinegen.kit.fonts import _package_files

    path = _package_files() / "AtkinsonHyperlegible-Regular.ttf"
    grumbled = bytearray(path.read_bytes())
    grumbled[TTFont(path).reader.tables["post"].offset + 34] = 0x7F
    toml = (
        TOML + '\n[[fonts]]\nfamily = "Ours"\nfile = "fonts/ours.ttf"\nlicence = "fonts/OFL.txt"\n'
    )
    kit = make_kit({"zine.toml": toml, "content/en/hello.md": section("Hi."), "fonts/OFL.txt": "x"})
    (kit / "fonts" / "ours.ttf").write_bytes(bytes(grumbled))
    for debug, shown in (([], False), (["--debug"], True)):
        command = [sys.executable, "-m", "zinegen", *debug, "list", "--kit", str(kit)]
        said = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert said.returncode == 0, said.stderr
        assert ("post.stringData" in said.stderr) == shown, said.stderr


def test_init_with_a_name_that_is_not_text_can_be_retried(tmp_path):
    folder = tmp_path / "kit"
    result = run("init", folder, "--name", "Bad \udcff name")
    assert result.exit_code == 2
    assert "not text in any alphabet" in result.output
    assert not (folder / "zine.toml").exists()  # nothing half-written to block a retry
    assert run("init", folder, "--name", "Good name", "--force").exit_code == 0
