"""Languages: the Spanish edition, the words layouts print per language, per-language kit
data, missing and stale translations. Real builds, read back from the PDFs."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML, run
from pypdf import PdfReader

from zinegen.kit import builtin_dir
from zinegen.kit.strings import month_year

PRODUCTS = ("booklet", "trifold", "card", "zine")


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    out = tmp_path_factory.mktemp("languages")
    result = run("build", "--lang", "all", "--out", out)
    assert result.exit_code == 0, result.output
    assert "overflows" not in result.output
    return out, result.output


def test_every_product_is_built_in_english_and_spanish(both):
    out, said = both
    for lang in ("en", "es"):
        for product in PRODUCTS:
            reader = PdfReader(out / lang / f"{product}.pdf")
            assert reader.trailer["/Root"]["/Lang"] == lang
            assert (out / lang / f"{product}-print.pdf").is_file()
    assert "not in 'es'" not in said  # every section has its Spanish twin
    assert "not marked as translated" not in said and "has changed since" not in said


def test_no_english_interface_word_is_printed_in_spanish(both):
    out, _ = both
    with (builtin_dir() / "strings" / "en.toml").open("rb") as file:
        english = tomllib.load(file)
    with (builtin_dir() / "strings" / "es.toml").open("rb") as file:
        spanish = tomllib.load(file)
    interface = [
        value.split("{")[0].strip(" .:(")
        for key, value in english.items()
        if isinstance(value, str) and value != spanish.get(key)
    ]
    interface = [words for words in interface if len(words) >= 4]
    assert "Contents" in interface and "Local resources" in interface
    for product in PRODUCTS:
        text = pdf_text(out / "es" / f"{product}.pdf")
        found = [w for w in interface if re.search(rf"\b{re.escape(w)}\b", text)]
        assert found == [], product
        english_text = pdf_text(out / "en" / f"{product}.pdf")
        assert not any(value in english_text for value in ("Contenido", "Llama al"))
    booklet = pdf_text(out / "es" / "booklet.pdf")
    assert "Contenido" in booklet and "Última revisión: noviembre de 2026" in booklet
    assert "Trabajo sexual: un enfoque de reducción de daños" in booklet
    assert "Llama al 555-0100" in pdf_text(out / "es" / "card.pdf")


def test_months_are_written_by_the_language():
    import datetime as dt

    assert month_year(dt.date(2026, 11, 3), "en") == "November 2026"
    assert month_year(dt.date(2026, 11, 3), "es") == "noviembre de 2026"


def test_check_reports_full_coverage_for_the_built_in_kit():
    result = run("check", "--lang", "all", "card")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[-2:]}
    assert rows["en"][1:] == ["32", "of", "32", "0", "0", "0"]
    assert rows["es"][1:] == ["32", "of", "32", "0", "0", "0"]
    status = run("translate-status")
    assert "nothing left to do." in status.output


SPANISH_TOML = MINIMAL_TOML.replace('languages = ["en"]', 'languages = ["en", "es"]').replace(
    'title = "Test booklet"', 'title = { en = "Test booklet", es = "Cuadernillo de prueba" }'
)


def test_a_stale_translation_is_named_and_strict_fails_on_it(make_kit, tmp_path):
    kit = make_kit(
        {
            "zine.toml": SPANISH_TOML,
            "content/en/hello.md": HELLO_SECTION,
            "content/es/hello.md": HELLO_SECTION.replace(
                "Some words for the test.", "Unas palabras."
            ),
        }
    )
    spanish = kit / "content" / "es" / "hello.md"
    out = run("build", "--kit", kit, "--lang", "es", "--out", tmp_path / "a")
    assert "content/es/hello.md" in out.output and "not marked as translated" in out.output
    marked = run("translated", spanish, "--kit", kit)
    assert marked.exit_code == 0 and "translated_from sha256:" in marked.output
    assert "translated_from: sha256:" in spanish.read_text()
    out = run("build", "--kit", kit, "--lang", "es", "--out", tmp_path / "b", "--strict")
    assert out.exit_code == 0, out.output
    assert "Cuadernillo de prueba" in pdf_text(tmp_path / "b" / "es" / "booklet.pdf")
    (kit / "content" / "en" / "hello.md").write_text(HELLO_SECTION + "A new paragraph.\n")
    out = run("build", "--kit", kit, "--lang", "es", "--out", tmp_path / "c")
    said = " ".join(out.output.split())
    assert out.exit_code == 0
    assert "hello.md:" in said and "translated from an older content/en/hello.md" in said
    assert "zinegen translated content/es/hello.md" in said
    strict = run("build", "--kit", kit, "--lang", "es", "--out", tmp_path / "d", "--strict")
    assert strict.exit_code == 1
    status = run("translate-status", "--kit", kit)
    assert "update content/es/hello.md" in status.output


def test_a_kit_changes_a_printed_word_and_a_missing_one_is_named(make_kit, tmp_path):
    kit = make_kit(
        {
            "zine.toml": SPANISH_TOML,
            "content/en/hello.md": HELLO_SECTION,
            "content/es/hello.md": HELLO_SECTION,
            "strings/es.toml": 'contents = "Índice"\n',
        }
    )
    out = run("build", "--kit", kit, "--lang", "es", "--out", tmp_path / "a")
    assert out.exit_code == 0, out.output
    assert "Índice" in pdf_text(tmp_path / "a" / "es" / "booklet.pdf")
    (kit / "strings" / "es.toml").write_text('contents = "Índice"\nconten = "x"\ncall = 3\n')
    out = run("build", "--kit", kit, "--lang", "es", "--out", tmp_path / "b")
    assert out.exit_code == 2
    said = " ".join(out.output.split())
    assert "strings/es.toml:2: unknown key 'conten'." in said
    assert "strings/es.toml:3: 'call' should be words in quotes" in said
    (kit / "strings" / "es.toml").unlink()
    (kit / "zine.toml").write_text(SPANISH_TOML.replace('"en", "es"', '"en", "fr"'))
    out = run("build", "--kit", kit, "--out", tmp_path / "c")
    assert out.exit_code == 2
    assert "no printed words for the language 'fr'" in " ".join(out.output.split())
    (kit / "strings" / "fr.toml").write_text('contents = "Sommaire"\n')
    out = run("build", "--kit", kit, "--out", tmp_path / "d")
    said = " ".join(out.output.split())
    assert out.exit_code == 2 and "fr.toml has no words for: notes, call," in said


def test_a_title_given_per_language_prints_each(make_kit, tmp_path):
    kit = make_kit(
        {
            "zine.toml": SPANISH_TOML.replace('name = "Test kit"', 'name = "Test kit"\n').replace(
                "[products.booklet]", '[products.booklet]\nsubtitle = { en = "For all" }'
            ),
            "content/en/hello.md": HELLO_SECTION,
            "content/es/hello.md": HELLO_SECTION,
        }
    )
    out = run("build", "--kit", kit, "--lang", "all", "--out", tmp_path)
    assert out.exit_code == 0, out.output
    assert "Test booklet" in pdf_text(tmp_path / "en" / "booklet.pdf")
    spanish = pdf_text(tmp_path / "es" / "booklet.pdf")
    assert "Cuadernillo de prueba" in spanish and "For all" in spanish  # the first's, warned
    said = " ".join(out.output.split())
    assert (
        "booklet (es): no 'es' text for [products.booklet] subtitle; the 'en' one prints." in said
    )


def test_spanish_is_graded_by_a_formula_made_for_spanish():
    from zinegen.words import ease_grade, fernandez_huerta

    easy = "Cuida tu salud. Lleva agua. Llama si necesitas ayuda. Ve con una amiga."
    hard = (
        "La despenalización integral del trabajo sexual constituye, según numerosas "
        "organizaciones internacionales, una condición imprescindible para garantizar "
        "el ejercicio efectivo de los derechos fundamentales de las personas afectadas."
    )
    assert fernandez_huerta(easy) > fernandez_huerta(hard)
    assert ease_grade(fernandez_huerta(easy)) < ease_grade(fernandez_huerta(hard))
    result = run("check", "card", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "Fernández Huerta reading ease" in result.output


def test_resource_notes_and_hours_given_per_language(make_kit, tmp_path):
    toml = SPANISH_TOML.replace('sections = ["hello"]', 'sections = ["hello", "local-resources"]')
    kit = make_kit(
        {
            "zine.toml": toml,
            "content/en/hello.md": HELLO_SECTION,
            "content/es/hello.md": HELLO_SECTION,
            "resources.yaml": (
                "- name: Clinic\n  category: health clinic\n  hours: {en: Mon-Fri, es: lun-vie}\n"
                "  notes: {en: Walk in anytime., es: Sin cita previa.}\n"
                "- name: Line\n  category: hotline\n  notes: {en: Free and private.}\n"
            ),
        }
    )
    out = run("build", "--kit", kit, "--lang", "all", "--out", tmp_path)
    assert out.exit_code == 0, out.output
    english, spanish = (pdf_text(tmp_path / lang / "booklet.pdf") for lang in ("en", "es"))
    assert "Walk in anytime." in english and "Mon-Fri" in english
    assert "Sin cita previa." in spanish and "lun-vie" in spanish
    assert "Walk in anytime." not in spanish
    assert "Recursos locales" in spanish and "Clínica de salud" in spanish
    said = " ".join(out.output.split())
    assert "no 'es' text for entry 2 (notes); the first given prints." in said
    (kit / "resources.yaml").write_text("- name: Clinic\n  category: hotline\n  notes: {en: [x]}\n")
    out = run("build", "--kit", kit, "--out", tmp_path / "bad")
    assert out.exit_code == 2
    assert "'notes' should be one line of text, or one a language" in " ".join(out.output.split())


def test_running_text_hyphenates_by_its_language_and_addresses_never(both):
    import pyphen

    out, _ = both
    raw = " ".join(p.extract_text() for p in PdfReader(out / "es" / "trifold.pdf").pages)
    broken = re.findall(r"(\w{3,})-\n(\w{3,})", raw)
    assert broken, "no word of the Spanish trifold is hyphenated"
    spanish = pyphen.Pyphen(lang="es")
    for head, tail in broken:  # each break is one the Spanish dictionary allows
        assert len(head) in spanish.positions(head + tail), (head, tail)
    for lang in ("en", "es"):
        for product in PRODUCTS:
            raw = " ".join(p.extract_text() for p in PdfReader(out / lang / f"{product}.pdf").pages)
            assert not re.search(r"example-\n|\.or-\ng", raw), (lang, product)


def test_a_kit_printing_spanish_first_is_not_told_to_update_zinegens_own_sections(make_kit):
    """A kit whose first language is 'es' prints the built-in sections in both languages:
    they are zinegen's pair, kept in step by zinegen, not the kit's to mark or update."""
    toml = MINIMAL_TOML.replace('languages = ["en"]', 'languages = ["es", "en"]')
    toml = toml.replace('sections = ["hello"]', 'sections = ["principles", "hello"]')
    kit = make_kit(
        {
            "zine.toml": toml,
            "content/es/hello.md": HELLO_SECTION.replace("Some words", "Unas palabras"),
            "content/en/hello.md": HELLO_SECTION,
        }
    )
    result = run("check", "booklet", "--kit", kit, "--lang", "all")
    assert result.exit_code == 0, result.output
    assert "principles.md" not in result.output  # the built-in pair
    # the kit's own translation is still checked against its own source
    assert "content/en/hello.md: it is not marked as translated" in result.output


def test_a_strings_file_that_is_not_toml_is_named_with_its_line(make_kit, tmp_path):
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": HELLO_SECTION,
            "strings/en.toml": 'contents = "Inside"\nnotes = "Notes\n',
        }
    )
    result = run("build", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "strings/en.toml:2: en.toml is not valid TOML" in result.output
