"""Theme colours, checked for readable contrast (WCAG AA) before anything is printed."""

from __future__ import annotations

import re

COLOUR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
DEFAULTS = {"accent": "#7b1e57", "ink": "#1d1a1f", "soft": "#f4e9f0"}
MIN_CONTRAST = 4.5  # WCAG AA for body-size text

# (text colour, background colour, where the pair prints)
PAIRS = (
    ("ink", "white", "body text on the page"),
    ("accent", "white", "headings and bold words on the page"),
    ("white", "accent", "cover text on the accent colour"),
    ("ink", "soft", "text on tinted backgrounds"),
    ("accent", "soft", "headings on tinted backgrounds"),
)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rgb or #rrggbb colour."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def failing_pairs(theme: dict[str, str]) -> list[tuple[str, str, str, str, float]]:
    """(text name, text colour, background name, background colour, ratio) below AA."""
    colours = {**DEFAULTS, **theme, "white": WHITE}
    found = []
    for text, background, _where in PAIRS:
        ratio = contrast(colours[text], colours[background])
        if ratio < MIN_CONTRAST:
            found.append((text, colours[text], background, colours[background], ratio))
    return found


def theme_css(theme: dict[str, str]) -> str:
    """CSS custom properties that every layout's stylesheet reads."""
    if not theme:
        return ""
    return ":root { " + " ".join(f"--{k}: {v};" for k, v in sorted(theme.items())) + " }"
