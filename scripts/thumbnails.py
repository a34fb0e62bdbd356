"""Pictures of each built-in product for the README, rasterized from real builds.

    python scripts/thumbnails.py [--out docs/images]

Builds every product of the built-in kit into a temporary folder, then draws:
the booklet's first pages, both sides of the trifold sheet, the card's two faces and
the zine's sheet, the report form; the bad date sheet is the example kit's edition of
2026-11-26 (the built-in kit has no reports). Run `make thumbnails` after changing a
layout or its content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from zinegen.kit import builtin_dir
from zinegen.pipeline import BuildRequest, build

WIDTH_PX = 900  # of each picture
GAP_PX = 12
BACKDROP = "#d9d4d7"

# product -> (which PDF, which pages)
PICTURES = {
    "booklet": ("reading", [0, 1, 2, 4]),
    "trifold": ("print", [0, 1]),
    "card": ("reading", [0, 1]),
    "zine": ("print", [0]),
    "bad-date-sheet": ("reading", [0, 1]),
    "report-form": ("reading", [0]),
}
# The bad date sheet drawn from the example kit's fictional reports, on its edition's day.
EXAMPLE_SHEET = (Path("examples") / "riverbend", dt.date(2026, 11, 26))


def pages_as_images(path: Path, indexes: list[int], scale: float) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].render(scale=scale).to_pil() for i in indexes]
    finally:
        pdf.close()


def picture(path: Path, indexes: list[int]) -> Image.Image:
    """The pages side by side (landscape sheets stacked), scaled to WIDTH_PX."""
    pdf = pdfium.PdfDocument(str(path))
    width_pt, height_pt = pdf[indexes[0]].get_size()
    pdf.close()
    across = 1 if width_pt > height_pt else len(indexes)
    down = len(indexes) if across == 1 else 1
    scale = (WIDTH_PX - GAP_PX * (across + 1)) / across / width_pt
    images = pages_as_images(path, indexes, scale)
    w, h = images[0].size
    sheet = Image.new("RGB", (WIDTH_PX, down * h + GAP_PX * (down + 1)), BACKDROP)
    for n, image in enumerate(images):
        column, row = (n, 0) if across > 1 else (0, n)
        sheet.paste(image, (GAP_PX + column * (w + GAP_PX), GAP_PX + row * (h + GAP_PX)))
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    kit, day = EXAMPLE_SHEET
    with tempfile.TemporaryDirectory() as temp:
        products = tuple(name for name in PICTURES if name != "bad-date-sheet")
        others = build(
            BuildRequest(kit_dir=builtin_dir(), products=products, out=Path(temp) / "builtin")
        )
        example = build(
            BuildRequest(
                kit_dir=builtin_dir() / kit,
                products=("bad-date-sheet",),
                out=Path(temp) / "example",
                as_of=day,
            )
        )
        for result in others + example:
            name = result.target.product.name
            which, indexes = PICTURES.get(name, ("reading", [0]))
            pdf = result.target.reading_pdf if which == "reading" else result.target.print_pdf
            path = args.out / f"{name}.png"
            picture(pdf, indexes).save(path, optimize=True)
            print(f"wrote {path}")  # noqa: T201


if __name__ == "__main__":
    main()
