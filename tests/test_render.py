"""The sandboxed fetcher: kit files and data: URLs only, never the network."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from conftest import MINIMAL_TOML, run

from zinegen.render import KitFetcher

# A 1x1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def section_with(body: str) -> str:
    return f"---\nid: hello\ntitle: Hello\nreviewed: {dt.date.today():%Y-%m}\n---\n{body}\n"


def test_fetcher_refuses_the_network_and_outside_files(tmp_path):
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "ok.png").write_bytes(PIXEL)
    (tmp_path / "secret.png").write_bytes(PIXEL)
    fetcher = KitFetcher((tmp_path / "kit",))
    assert fetcher.fetch((tmp_path / "kit" / "ok.png").as_uri()).read() == PIXEL
    for url in (
        "https://example.org/logo.png",
        "http://127.0.0.1/x.png",
        "ftp://example.org/x",
        (tmp_path / "secret.png").as_uri(),
        (tmp_path / "kit" / ".." / "secret.png").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


@pytest.mark.parametrize(
    "image", ["https://example.org/logo.png", "../outside.png", "/etc/hostname"]
)
def test_a_section_pointing_outside_the_kit_fails_clearly(make_kit, tmp_path, image):
    (tmp_path / "outside.png").write_bytes(PIXEL)
    kit = make_kit(
        {"zine.toml": MINIMAL_TOML, "content/en/hello.md": section_with(f"![logo]({image})")}
    )
    result = run("build", "--kit", str(kit), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    if image.startswith("https:"):  # refused where the section names it, never fetched
        assert "content/en/hello.md:6: the image 'https://example.org/logo.png' cannot be " in out
        assert "zinegen never fetches anything" in out
    else:  # a file outside the kit is refused where the section names it
        assert f"content/en/hello.md:6: the image '{image}' cannot be printed: it is outside" in out
    assert not (tmp_path / "o" / "en" / "booklet.pdf").exists()


def test_an_image_is_found_beside_its_section_first(make_kit, tmp_path):
    kit = make_kit(
        {"zine.toml": MINIMAL_TOML, "content/en/hello.md": section_with("![a](pixel.png)")}
    )
    (kit / "content" / "en" / "pixel.png").write_bytes(PIXEL)
    (kit / "pixel.png").write_bytes(PIXEL)  # the same name at the kit's root loses
    result = run("build", "--kit", str(kit), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    from zinegen.kit import load_kit

    section = load_kit(kit).section("hello", "en")
    assert (kit / "content" / "en" / "pixel.png").resolve().as_uri() in section.html


def test_a_missing_image_names_the_section_and_line(make_kit, tmp_path):
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": section_with("Words.\n\n![A map](images/map.png)"),
        }
    )
    result = run("build", "--kit", str(kit), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert (
        "content/en/hello.md:8: the image 'images/map.png' cannot be printed: there is no "
        "such file." in out
    )


def test_kit_images_and_data_urls_render(make_kit, tmp_path):
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": section_with(
                "![a](images/pixel.png)\n\n![b](data:image/png;base64,"
                + base64.b64encode(PIXEL).decode()
                + ")"
            ),
        }
    )
    (kit / "images").mkdir()
    (kit / "images" / "pixel.png").write_bytes(PIXEL)
    result = run("build", "--kit", str(kit), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output


def test_a_missing_image_in_the_kit_is_named(make_kit, tmp_path):
    kit = make_kit(
        {"zine.toml": MINIMAL_TOML, "content/en/hello.md": section_with("![a](images/nope.png)")}
    )
    result = run("build", "--kit", str(kit), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2, result.output
    assert "nope.png" in result.output
