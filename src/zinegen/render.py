"""HTML to a laid-out WeasyPrint document, reading only files inside the kit."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from zinegen.errors import Problem, relative_to
from zinegen.kit.files import FETCH_LIMIT, file_problem, image_size

# Pixels of all the pictures of one product: fourteen full-page 300 dpi photos of a letter page.
PIXEL_BUDGET = 120_000_000


class KitFetcher(URLFetcher):
    """Serves `data:` URLs and files under the allowed folders; refuses everything else.

    Content never reaches the network: a section with a remote image, or a layout with a
    web font, is refused and reported.
    """

    def __init__(self, allowed_roots: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file", "data"})
        self.allowed_roots = tuple(root.resolve() for root in allowed_roots)
        self.refused: list[tuple[str, str]] = []  # (url, why)
        self.fetched: dict[str, str] = {}  # url: a digest of what it served
        self.pixels = 0  # of every picture served

    def digest(self) -> str:
        """A digest of every file and inline image served: with the HTML, all a render
        is made from. Files are named from their root, so the same kit in another folder
        or on another computer gives the same digest."""
        served = sorted((portable(url, self.allowed_roots), d) for url, d in self.fetched.items())
        return hashlib.sha256(repr(served).encode()).hexdigest()

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            if not any(path.is_relative_to(root) for root in self.allowed_roots):
                self._refuse(url, "outside the kit")
            why = file_problem(path)
            if why:
                self._refuse(url, why)
            if url not in self.fetched:
                size = image_size(path)
                self.pixels += size[0] * size[1] if isinstance(size, tuple) else 0
                if self.pixels > PIXEL_BUDGET:
                    self._refuse(
                        url,
                        f"the pictures of one product add up to more than "
                        f"{PIXEL_BUDGET // 1_000_000} million pixels, far more than print needs",
                    )
                self.fetched[url] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif scheme == "data":
            if len(url) > FETCH_LIMIT * 4 // 3:
                self._refuse(url[:60] + "...", "an inline image larger than the limit")
            self.fetched[url[:200]] = hashlib.sha256(url.encode()).hexdigest()
        else:
            self._refuse(url, "zinegen never fetches from the network")
        return super().fetch(url, headers)

    def _refuse(self, url: str, why: str) -> NoReturn:
        self.refused.append((url, why))
        raise ValueError(f"zinegen refused {url[:80]}: {why}")


def portable(text: str, roots: tuple[Path, ...]) -> str:
    """Text with the addresses of `roots` (the kit, the built-ins, font folders) replaced
    by their place in the list: what is left says what was used, not where it lay."""
    for index, root in enumerate(roots):
        for form in dict.fromkeys((root.as_uri(), root.resolve().as_uri())):
            text = text.replace(form + "/", f"root{index}:/")
    return text


@dataclass
class Rendered:
    document: object  # weasyprint.document.Document
    problems: list[Problem] = field(default_factory=list)  # refused files, missing images
    warnings: list[Problem] = field(default_factory=list)  # what WeasyPrint ignored
    inputs: str = ""  # a digest of every file the render read
    read: tuple[str, ...] = ()  # the files it read (pictures, fonts, stylesheets)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_messages() -> Iterator[_Collect]:
    """Catch WeasyPrint's log records during a render instead of printing them."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def check_stylesheet(path: Path, fetcher: URLFetcher) -> list[tuple[str, Problem]]:
    """What WeasyPrint ignores in a stylesheet, as (its message, a Problem with the file and
    line it is on)."""
    from weasyprint import CSS

    with weasyprint_messages() as messages:
        CSS(filename=str(path), url_fetcher=fetcher)
    found = []
    for message in messages.messages:
        ignored = re.match(r"Ignored `(.*)` at (\d+):(\d+), (.*?)\.?$", message, re.DOTALL)
        if ignored:
            rule, line, column, why = ignored.groups()
            found.append(
                (
                    message,
                    Problem(
                        f"the stylesheet ignores `{rule}` (column {column}): {why}.",
                        "check the spelling of the property and its value.",
                        path,
                        int(line),
                    ),
                )
            )
        else:
            found.append((message, Problem(message, "", path)))
    return found


def render(
    html: str,
    base_dir: Path,
    allowed_roots: tuple[Path, ...],
    source: Path,
    said: frozenset[str] = frozenset(),
    title: str = "",
    author: str = "",
    blame: Callable[[str], tuple[Path, int | None] | None] | None = None,
) -> Rendered:
    """Lay out HTML into pages. `source` is the file named in messages (the kit's zine.toml);
    `blame` names, for an address that was refused or missing, the file (and line) that
    asked for it, when it knows. WeasyPrint messages in `said` were reported already, with
    their stylesheet's file and line (the kit's stylesheets are checked when it is read)."""

    def where(url: str) -> tuple[Path, int | None]:
        return (blame(url) if blame else None) or (source, None)

    fetcher = KitFetcher(allowed_roots)
    with weasyprint_messages() as messages:
        document = HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=FontConfiguration()
        )
    _scrub(document, title, author)
    problems = [
        Problem(
            f"refused to load {shown_url(url, base_dir)} ({why}).",
            "put images and fonts inside the kit folder and refer to them by relative path.",
            *where(url),
        )
        for url, why in dict.fromkeys(fetcher.refused)  # each address once
    ]
    warnings = []
    for message in messages.messages:
        failed = re.match(r"Failed to load \w+(?: \w+)? at '?([^' ]+)'?", message)
        if failed is None:
            if message not in said:
                warnings.append(Problem(message))
        elif not any(_same(url, failed.group(1)) for url, _ in fetcher.refused):
            problems.append(
                Problem(
                    f"could not load {shown_url(failed.group(1), base_dir)}.",
                    "check the file name and that the file is in the kit.",
                    *where(failed.group(1)),
                )
            )
    read = tuple(
        url2pathname(unquote(urlsplit(url).path))
        for url in sorted(fetcher.fetched)
        if url.startswith("file:")
    )
    return Rendered(document, problems, warnings, fetcher.digest(), read)


def _same(refused: str, logged: str) -> bool:
    """Whether WeasyPrint's own line about a failed load is about an address already refused
    (it may shorten or quote the address): said once, not twice."""
    return refused == logged or refused.startswith(logged) or logged.startswith(refused)


LINK_SCHEMES = ("http", "https", "mailto", "tel")


def _scrub(document, title: str, author: str) -> None:
    """What the PDF carries besides its pages comes from zinegen, not from a section or a
    template: no attached files, no dates or details set by <meta>, no link that would
    publish a path of this computer. Links within the document and to the web stay."""
    metadata = document.metadata
    metadata.attachments = []
    metadata.title = title or metadata.title
    metadata.authors = [author] if author else []
    metadata.description, metadata.keywords = None, []
    metadata.created = metadata.modified = None
    metadata.generator = "zinegen"
    metadata.custom = {}
    metadata.xmp_metadata = []
    for page in document.pages:
        page.links = [
            link
            for link in page.links
            if link[0] == "internal"
            or (link[0] == "external" and urlsplit(link[1]).scheme.lower() in LINK_SCHEMES)
        ]


def shown_url(url: str, base_dir: Path) -> str:
    """A file URL as a path relative to the kit where possible."""
    if not url.startswith("file:"):
        return url
    return str(relative_to(Path(url2pathname(unquote(urlsplit(url).path))), base_dir))
