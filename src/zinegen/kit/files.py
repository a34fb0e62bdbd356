"""Where a kit's files are: the kit folder, the built-in kit, and the overlay of the two."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from zinegen.errors import Problem, fail

RESOURCES_FILE = "resources.yaml"
RESOURCES_FILES = (RESOURCES_FILE, "resources.csv")  # a kit has one of them
RESOURCES_SECTION = "local-resources"  # the section id that prints a kit's resources

CONFIG_NAME = "zine.toml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ID_HELP = "use lower-case letters, digits and '-' only, e.g. street-safety"
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def builtin_dir() -> Path:
    """The built-in kit: shipped inside the wheel, or the source checkout's root."""
    package = Path(__file__).resolve().parents[1]  # the zinegen package
    for candidate in (package / "builtin", package.parents[1]):
        if (candidate / CONFIG_NAME).is_file() and (candidate / "layouts").is_dir():
            return candidate
    raise RuntimeError(f"zinegen's built-in kit is missing next to {package}")


def find_kit_dir(kit: Path | None) -> Path:
    """The kit folder: --kit, else the nearest folder upward holding zine.toml, else built-in."""
    if kit is None:
        here = Path.cwd()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file() and _yours(folder / CONFIG_NAME):
                return folder
        return builtin_dir()
    if not kit.is_dir():
        fail(f"the kit folder {kit} does not exist.", "check the path given to --kit.")
    if not (kit / CONFIG_NAME).is_file():
        fail(
            f"{kit} has no {CONFIG_NAME}, so it is not a kit.",
            f"pass --kit with a folder that holds {CONFIG_NAME}.",
        )
    return kit


def kit_file(root: Path, relpath: str) -> Path | None:
    """A file named relative to the kit, if it exists inside the kit (no ../ escapes)."""
    path = (root / relpath).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def available_section_ids(search_path: tuple[Path, ...]) -> set[str]:
    """Every section id in any language along the search path (the file name is the id)."""
    return {path.stem for root in search_path for path in (root / "content").glob("*/*.md")}


def available_layouts(search_path: tuple[Path, ...]) -> set[str]:
    return {
        path.parent.name
        for root in search_path
        for path in (root / "layouts").glob("*/layout.toml")
    }


def _yours(path: Path) -> bool:
    """Whether a zine.toml found above the working folder belongs to whoever runs zinegen:
    one that another account left in a shared folder (/tmp, say) is not taken as a kit."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or path.stat().st_uid == getuid()


SCAN_LIMIT = 20_000  # entries looked at in a kit folder; an ordinary kit has a few dozen


def outside_links(root: Path, allowed: tuple[Path, ...]) -> list[Problem]:
    """Links in the kit that lead out of it (and not into zinegen's own folders): a section,
    resources list, image or stylesheet reached through one would print a file from
    anywhere on the computer. build/ and hidden folders are not looked in."""
    problems = []
    seen = 0
    allowed = tuple(a.resolve() for a in allowed)
    for folder, dirs, files in os.walk(root):
        dirs[:] = [
            d for d in dirs if not d.startswith(".") and not (folder == str(root) and d == "build")
        ]
        for name in dirs + files:
            seen += 1
            if seen > SCAN_LIMIT:
                too_many = Problem(
                    f"the kit folder holds more than {SCAN_LIMIT} files.",
                    "keep only the kit in it: zine.toml, content/, layouts/, fonts/ and images.",
                    root,
                )
                return [*problems, too_many]
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if not any(target.is_relative_to(a) for a in allowed):
                    problems.append(
                        Problem(
                            "this is a link to a file outside the kit; zinegen reads only "
                            "files inside it.",
                            "copy the file into the kit instead of linking to it.",
                            path,
                        )
                    )
    return problems


FETCH_LIMIT = 20 * 1024 * 1024  # bytes: an image, font or stylesheet the renderer may load
PIXEL_LIMIT = 40_000_000  # pixels: a 300 dpi photo of a letter page is about 8.4 million
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")


def file_problem(path: Path) -> str:
    """Why a file may not be loaded ("" when it may): not a regular file, too large, or an
    image with more pixels than a printed page needs (a small file can decode to gigabytes).
    An image is known by its content, not its name: a picture called notes.txt is one."""
    try:
        info = path.stat()
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size > FETCH_LIMIT:
        return f"{info.st_size // 1024 // 1024} MB, over the {FETCH_LIMIT // 1024 // 1024} MB limit"
    size = image_size(path)
    if isinstance(size, str):
        return size
    if size and size[0] * size[1] > PIXEL_LIMIT:
        return f"an image of {size[0]} x {size[1]} pixels, more than a page needs"
    return ""


def image_size(path: Path) -> tuple[int, int] | str | None:
    """(width, height) of a picture, read from its header (nothing is decoded); None for a
    file that is not a picture; why, for a damaged one."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            image.verify()
    except UnidentifiedImageError:
        if path.suffix.lower() in IMAGE_SUFFIXES:
            return "not an image file, or a damaged one"
        return None  # a stylesheet, a font, an SVG drawing
    except (OSError, SyntaxError, ValueError):
        return "not an image file, or a damaged one"
    except Image.DecompressionBombError:
        return "an image with far more pixels than a page needs"
    return width, height
