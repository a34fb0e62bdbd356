"""Plain values passed between the pipeline stages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PAPERS = ("letter", "a4")


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    contact: str = ""  # free lines: hotline, address, website


@dataclass(frozen=True, slots=True)
class Product:
    name: str
    layout: str
    title: str
    sections: tuple[str, ...]
    subtitle: str = ""
    cover_image: Path | None = None
    back_cover: str | None = None  # id of the section printed on the back cover


@dataclass(frozen=True, slots=True)
class FontFace:
    family: str
    path: Path
    weight: int = 400
    style: str = "normal"


@dataclass(frozen=True, slots=True)
class Kit:
    root: Path
    config_file: Path
    name: str
    languages: tuple[str, ...]
    paper: str
    organization: Organization
    products: Mapping[str, Product]
    search_path: tuple[Path, ...]  # the kit first, then the built-in kit
    fonts: tuple[FontFace, ...]

    def find(self, relpath: str | Path) -> Path | None:
        """The first file at `relpath` along the search path, or None."""
        for root in self.search_path:
            candidate = root / relpath
            if candidate.is_file():
                return candidate
        return None

    @property
    def allowed_roots(self) -> tuple[Path, ...]:
        """Folders the renderer may read from: the kit, the built-ins and the font files."""
        font_dirs = tuple(dict.fromkeys(face.path.parent for face in self.fonts))
        return self.search_path + font_dirs


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    html: str
    lang: str
    source: Path  # named in error messages
    summary: str = ""
    audience: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Layout:
    """A physical format, read from layouts/<name>/layout.toml."""

    name: str
    folder: Path  # where layout.toml was found
    page_size_pt: Mapping[str, tuple[float, float]]  # paper -> (width, height)
    sheet_orientation: str  # "landscape" or "portrait"
    imposition: str  # a key of impose.IMPOSITIONS
    fixed: bool = False  # every page is a fixed box that preflight checks
    min_font_pt: float = 9.0
    description: str = ""
    one_page: tuple[str, ...] = ()  # ids of elements that must each fit on a single page


@dataclass(frozen=True, slots=True)
class Target:
    """One product in one language on one paper: everything needed to build it."""

    kit: Kit
    product: Product
    layout: Layout
    lang: str
    paper: str
    reading_pdf: Path
    print_pdf: Path


@dataclass(frozen=True, slots=True)
class BuildResult:
    target: Target
    pages: int
    sheet_sides: int
    blank_pages: int  # added by imposition to fill the last sheet
    reading_bytes: int
    print_bytes: int
    seconds: float
    warnings: tuple[str, ...] = ()
