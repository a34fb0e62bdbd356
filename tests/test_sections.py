"""Section files: front matter checked with file and line, Markdown turned into HTML."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_TOML, run

from zinegen.kit import builtin_dir, load_kit
from zinegen.kit.sections import list_sections, parse_section


def test_parse_section(tmp_path):
    path = tmp_path / "clinics.md"
    path.write_text(
        "---\nid: clinics\ntitle: Clinics\naudience: workers\n---\n"
        '## Open late\n\n- **Walk-in** testing\n- "free" condoms\n',
        encoding="utf-8",
    )
    section = parse_section(path, "en")
    assert (section.id, section.title, section.audience, section.lang) == (
        "clinics",
        "Clinics",
        "workers",
        "en",
    )
    assert "<h2>Open late</h2>" in section.html
    assert "<strong>Walk-in</strong>" in section.html
    assert "“free”" in section.html  # typographic quotes, as printed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No front matter here.\n", ":1: the file does not start with front matter"),
        ("---\nid: hello\ntitle: Hello\n", ":1: the front matter is not closed"),
        ("---\nid: hello\n---\nBody\n", "the front matter has no 'title'"),
        ("---\nid: hello\ntitle: [Hello\n---\n", ":3: the front matter is not valid YAML"),
        (
            "---\nid: hello\ntitle: Hello\nauthor: me\n---\n",
            ":4: unknown front matter key 'author'",
        ),
        ("---\nid: hello\ntitle: Hello\nsumary: x\n---\n", "did you mean 'summary'?"),
        ("---\nid: hullo\ntitle: Hello\n---\n", ":2: the id 'hullo' differs from the file name"),
        (
            "---\nid: hello\ntitle: Hello\naudience: cops\n---\n",
            ":4: audience 'cops' is not one of",
        ),
        ("---\nid: hello\ntitle: [a, b]\n---\n", ":3: 'title' should be text"),
        (
            "---\nid: hello\ntitle: Hi\ntitle: Ho\n---\n",
            ":4: the front matter is not valid YAML: the key 'title' appears twice",
        ),
    ],
)
def test_bad_front_matter_exits_2_naming_the_file(make_kit, text, expected):
    kit = make_kit({"zine.toml": MINIMAL_TOML, "content/en/hello.md": text})
    result = run("build", "--kit", str(kit), "--out", str(kit / "build"))
    assert result.exit_code == 2, result.output
    assert f"{kit / 'content' / 'en' / 'hello.md'}" in result.output
    assert expected in result.output
    assert not (kit / "build").exists()


def test_a_file_that_is_not_utf8(make_kit):
    kit = make_kit({"zine.toml": MINIMAL_TOML})
    (kit / "content" / "en").mkdir(parents=True)
    (kit / "content" / "en" / "hello.md").write_bytes(b"---\nid: hello\ntitle: Caf\xe9\n---\n")
    result = run("list", "--kit", str(kit))
    assert result.exit_code == 2
    assert "not UTF-8" in result.output


def test_every_builtin_section_parses():
    kit = load_kit(builtin_dir())
    found = list_sections(kit, "en")
    assert len(found) >= 17
    for section_id, path in found:
        section = parse_section(path, "en")
        assert section.id == section_id
        assert section.summary and section.audience
        assert section.html.strip()


def test_the_worker_and_health_sections_exist():
    ids = {section_id for section_id, _ in list_sections(load_kit(builtin_dir()), "en")}
    assert {
        "general-safety",
        "street-safety",
        "indoor-online-safety",
        "know-your-rights",
        "trifold-rights",
        "trifold-emergencies",
        "sexual-health",
        "overdose",
        "after-an-assault",
        "supporting-safety",
    } <= ids


def test_a_section_missing_in_a_language_prints_in_the_first_with_a_warning(make_kit, tmp_path):
    from pypdf import PdfReader

    toml = MINIMAL_TOML.replace('languages = ["en"]', 'languages = ["en", "es"]')
    toml = toml.replace('sections = ["hello"]', 'sections = ["hello", "bye"]')
    hello = "---\nid: hello\ntitle: Hi\n---\nHello there.\n"
    kit = make_kit(
        {
            "zine.toml": toml,
            "content/en/hello.md": hello,
            "content/en/bye.md": "---\nid: bye\ntitle: Bye\n---\nGoodbye now.\n",
            "content/es/bye.md": "---\nid: bye\ntitle: Adiós\n---\nHasta luego.\n",
        }
    )
    result = run("build", "--kit", kit, "--lang", "es", "--out", tmp_path / "out")
    assert result.exit_code == 0
    said = " ".join(result.output.split())
    assert "booklet (es): 1 section not in 'es', printed in 'en' instead: hello." in said
    assert said.count("not in 'es'") == 1  # once, not once a section
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "out/es/booklet.pdf").pages)
    assert "Hello there." in text and "Hasta luego." in text
    strict = run("build", "--kit", kit, "--lang", "es", "--out", tmp_path / "s", "--strict")
    assert strict.exit_code == 1
    # the first language has no fallback: a section missing there is an error
    (kit / "content" / "en" / "hello.md").unlink()
    (kit / "content" / "es" / "hello.md").write_text(hello)
    result = run("build", "--kit", kit, "--lang", "en", "--out", tmp_path / "e")
    assert result.exit_code == 2
    assert "the section 'hello' has no 'en' version" in result.output


def test_yaml_values_stay_text_and_a_bom_is_fine(tmp_path):
    path = tmp_path / "no.md"
    path.write_bytes("\ufeff---\nid: no\ntitle: No\nsummary: 2024-01-01\n---\nBody\n".encode())
    section = parse_section(path, "en")
    assert (section.title, section.summary) == ("No", "2024-01-01")


def test_a_paragraph_ending_in_a_colon_leads_into_what_follows(tmp_path):
    path = tmp_path / "call.md"
    path.write_text("---\nid: call\ntitle: Call\n---\nCall us:\n\n- 555-0100\n\nThat is all.\n")
    section = parse_section(path, "en")
    assert '<p class="lead-in">Call us:</p>' in section.html
    assert "<p>That is all.</p>" in section.html
