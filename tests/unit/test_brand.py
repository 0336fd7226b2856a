"""The force profiles' brand (issue 17): colour contrast computed from WCAG's relative luminance, and checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import ConfigError, load_force, shipped_forces
from app.web.brand import GRAPHIC_CONTRAST, TEXT_CONTRAST, WHITE, contrast_ratio, logo_html, relative_luminance

FORCES = shipped_forces()


def test_relative_luminance_and_contrast_match_wcag():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert contrast_ratio("#777777", WHITE) < TEXT_CONTRAST


@pytest.mark.parametrize("name", sorted(FORCES))
def test_brand_colour_reads_as_text_and_as_the_header_on_white(name):
    colour = FORCES[name].brand_colour
    # Links and text in the brand colour on white: 4.5:1. The header's white name on the brand colour: 3:1.
    assert contrast_ratio(colour, WHITE) >= TEXT_CONTRAST, colour
    assert contrast_ratio(WHITE, colour) >= GRAPHIC_CONTRAST, colour


@pytest.mark.parametrize("name", sorted(FORCES))
def test_each_profile_has_its_own_logo_with_alt_text_and_no_crown_by_default(name):
    force = FORCES[name]
    assert force.logo_svg is not None and force.logo_svg.parent.name == name
    html = str(logo_html(force))
    assert html.startswith("<svg") and f'aria-label="{force.logo_alt}"' in html and 'role="img"' in html
    assert force.logo_alt
    assert not force.show_crown and not force.show_open_government_licence
    assert force.dpo_email.endswith(".example.org")


def _profile(tmp_path: Path, extra: str) -> Path:
    source = (Path(__file__).resolve().parents[2] / "app" / "forces" / "durham.toml").read_text()
    lines = [line for line in source.splitlines() if not line.startswith(("brand_colour", "logo_svg"))]
    path = tmp_path / "force.toml"
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


def test_a_profile_with_a_malformed_colour_or_a_missing_logo_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="brand_colour"):
        load_force(_profile(tmp_path, 'brand_colour = "navy"\n'))
    with pytest.raises(ConfigError, match="logo_svg"):
        load_force(_profile(tmp_path, 'logo_svg = "missing.svg"\n'))
    plain = load_force(_profile(tmp_path, ""))
    assert plain.logo_svg is None and plain.brand_colour == "#1d3c6e"
    assert str(logo_html(plain)) == '<span class="app-header__name">Durham Constabulary</span>'
