"""The force's brand on the pages: its colours as CSS custom properties, its logo, and colour contrast.

GOV.UK Frontend (built by the Makefile from static/scss/govuk.scss) reads each functional colour through a
custom property such as ``--govuk-brand-colour``, so the profile's colour is set per page in a small style
element rather than compiled in: a profile swapped with ``VRR_FORCE_FILE`` needs no rebuild.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from app.config import ForceProfile

WHITE = "#ffffff"
TEXT_CONTRAST = 4.5  # WCAG 2.2 1.4.3, normal text and links
GRAPHIC_CONTRAST = 3.0  # WCAG 2.2 1.4.11 and large text: the header's bar and its white name


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def brand_css(force: ForceProfile) -> str:
    """The custom properties for this force: the header, service navigation and footer rule use the brand."""
    return f":root{{--govuk-brand-colour:{force.brand_colour}}}"


_SVG_ROOT = re.compile(r"<svg\b", re.I)
_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)


@lru_cache(maxsize=8)
def _logo(path: Path, mtime: float, alt: str) -> Markup:
    svg = _PROLOGUE.sub("", path.read_text(encoding="utf-8")).strip()
    if not _SVG_ROOT.match(svg):
        raise ValueError(f"{path.name} is not an SVG document")
    # The profile's own file (trusted, like the profile): inlined so the header costs no extra request.
    label = Markup(' class="app-header__logo" role="img" aria-label="{}"').format(alt)
    return Markup(_SVG_ROOT.sub(lambda _: "<svg" + str(label), svg, count=1))  # noqa: S704 - operator's file


def logo_html(force: ForceProfile) -> Markup:
    """The header's logo with its text alternative, or the force's name when the profile has no logo."""
    alt = force.logo_alt or force.name
    if force.logo_svg is None:
        return Markup('<span class="app-header__name">{}</span>').format(alt)
    return _logo(force.logo_svg, force.logo_svg.stat().st_mtime, alt)


def ownership_line(force: ForceProfile) -> str:
    return force.ownership_line or f"© {force.name}"
