"""segkit.html: hidden content readers still see (collapsed panels, repeated links, wrappers
shown by scripts) is read; hidden boilerplate (menus, dialogs, sign-in forms) is not."""

from __future__ import annotations

import pytest

from segkit.html import tags
from segkit.html.walker import html_to_lines

STORY = "<h1>Care guide</h1><p>Water the plant once a week and keep it out of direct sun.</p>"
STORY_LINES = ["Care guide", "Water the plant once a week and keep it out of direct sun."]


def lines(html: str) -> list[str]:
    return html_to_lines(html).lines


@pytest.mark.parametrize("panel", [
    '<div role="tabpanel" hidden>Python: pip install tool</div>',
    '<section role="region" aria-hidden="true">Python: pip install tool</section>',
    '<div class="accordion__body" style="display:none">Python: pip install tool</div>',
    '<div class="faq-answer" aria-hidden="true">Python: pip install tool</div>',
    '<div class="tab-pane" style="display: none;">Python: pip install tool</div>',
    '<div hidden="until-found">Python: pip install tool</div>',
    # Panels named by the buttons that show them, whatever their classes.
    '<button aria-controls="x1" aria-expanded="false">Install</button>'
    '<div id="x1" hidden>Python: pip install tool</div>',
    '<div role="tab" aria-controls="t0 x2">Install</div>'
    '<div id="x2" aria-hidden="true" style="display:none">Python: pip install tool</div>',
])
def test_collapsed_panels_are_read(panel: str) -> None:
    assert "Python: pip install tool" in lines(f"<body>{STORY}{panel}</body>")


@pytest.mark.parametrize("boilerplate", [
    '<nav><div role="tabpanel" hidden>Shop all plants</div></nav>',
    '<div class="modal" role="dialog" aria-hidden="true"><div class="panel">Sign in</div></div>',
    '<div role="region" class="cookie-panel" hidden>We use cookies</div>',
    '<div class="dropdown-panel" style="display:none">Shop all plants</div>',
    '<ul class="menu"><li class="menu-item"><div class="panel" hidden>Shop all plants</div>'
    "</li></ul>",
    '<div class="accordion" role="dialog" aria-modal="true" hidden>Sign in</div>',
    '<div class="push-notifications"><div role="tabpanel" hidden>Allow alerts</div></div>',
    '<section class="gov-banner"><div class="accordion__content" hidden>Official site</div>'
    "</section>",
    '<span class="text-truncate" aria-hidden="true">Cut short</span>',  # not a panel
    '<div class="country-disclosure__list" hidden>Country picker</div>',
])
def test_hidden_boilerplate_stays_out(boilerplate: str) -> None:
    assert lines(f"<body>{STORY}{boilerplate}</body>") == STORY_LINES


@pytest.mark.parametrize("controlled", [
    # A menu button's, a button's in navigation, a dialog, a panel in a cookie banner, and
    # an element no control names.
    '<button aria-haspopup="true" aria-controls="m1">Shop</button><div id="m1" hidden>Behind</div>',
    '<nav><button aria-controls="m2">Shop</button></nav><div id="m2" hidden>Behind</div>',
    '<button aria-controls="d1">Sign in</button><div id="d1" role="dialog" hidden>Behind</div>',
    '<button aria-controls="c1">More</button>'
    '<div class="cookie-banner"><div id="c1" hidden>Behind</div></div>',
    '<button aria-controls="p1">Install</button><div id="other" hidden>Behind</div>',
])
def test_hidden_boilerplate_named_by_a_control_stays_out(controlled: str) -> None:
    assert "Behind" not in lines(f"<body>{STORY}{controlled}</body>")


def test_a_panel_inside_a_page_wrapper_named_nav_far_up_is_read() -> None:
    """Only the nearest ancestors with tokens tell a menu's panel: a "skip-nav" target
    around the whole content does not."""
    html = ('<div id="skip-nav-target"><div class="page"><div class="layout"><div class="column">'
            f'{STORY}<div role="tabpanel" hidden>Python: pip install tool</div>'
            "</div></div></div></div>")
    assert "Python: pip install tool" in lines(html)


def test_streamed_react_parts_with_hex_ids_are_read() -> None:
    html = f'<body>{STORY}<div hidden id="S:2e"><p>Streamed reviews</p></div></body>'
    assert "Streamed reviews" in lines(html)
    assert "Other" not in lines('<body><div hidden id="S:zz">Other</div></body>')


def test_a_repeated_link_hidden_only_from_screen_readers_is_read() -> None:
    html = ('<article><h2><a href="/a">Headline</a></h2>'
            '<p><a href="/a" aria-hidden="true" tabindex="-1">The teaser</a></p>'
            '<p><a href="/b" aria-hidden="true">Hidden link</a></p></article>')
    assert lines(html) == ["Headline", "The teaser"]


def test_a_display_none_wrapper_of_most_of_the_page_is_read() -> None:
    body = "".join(f"<p>Item number {i} of the listing, with a line of description.</p>"
                   for i in range(12))
    small = "".join(f'<div style="display:none">t{i}</div>' for i in range(40))  # > 8 checks
    html = f'<body><h1>Listing</h1>{small}<div style="display:none">{body}</div></body>'
    rendered = lines(html)
    assert "Item number 11 of the listing, with a line of description." in rendered
    assert "t0" not in rendered


MEGA_MENU = ("<nav>" + "".join(f"<a href='/c{i}'>Category number {i}</a>" for i in range(12))
             + "</nav>")
PRODUCT = ("<h1>Almond thins</h1><p>Baked in small batches from almonds and cranberries.</p>"
           "<ul><li>Low fat</li><li>No added salt</li></ul>")


def test_a_hidden_wrapper_holding_the_pages_h1_is_read_beside_a_bigger_menu() -> None:
    """A product hidden until a script shows it holds less than the mega menu's text, but
    it holds the page's only <h1>."""
    html = f'<body>{MEGA_MENU}<div class="deferred" style="display:none">{PRODUCT}</div></body>'
    rendered = lines(html)
    assert "Almond thins" in rendered
    assert "Baked in small batches from almonds and cranberries." in rendered


def test_a_hidden_wrapper_with_the_h1_but_little_of_the_text_stays_out() -> None:
    """A hidden mobile header whose logo is the <h1> is not the page's content."""
    html = (f'<body><div style="display:none"><h1>Shop</h1></div>{MEGA_MENU}'
            f"<p>{'Long product description. ' * 20}</p></body>")
    assert "Shop" not in lines(html)


def test_a_hidden_wrapper_without_every_h1_stays_out() -> None:
    html = (f'<body>{MEGA_MENU}<h1>Other heading</h1>'
            f'<div style="display:none">{PRODUCT}</div></body>')
    assert "Almond thins" not in lines(html)


def test_a_display_none_form_of_half_the_page_stays_out() -> None:
    form = "<form><p>Email address and password, forgot your password, create account</p></form>"
    html = f'<body>{STORY}<div class="account" style="display:none">{form}</div></body>'
    assert lines(html) == STORY_LINES


@pytest.mark.parametrize(("attrs", "share"), [
    ({"style": "visibility:hidden"}, tags.WRAPPER_SHARE),
    ({"style": "opacity: 0"}, tags.WRAPPER_SHARE),
    ({"style": "display:none"}, tags.DISPLAY_NONE_WRAPPER_SHARE),
    ({"style": "display:none", "class": "modal-wrapper"}, 0.0),
    ({"hidden": ""}, 0.0),
    ({"style": "color:red"}, 0.0),
])
def test_wrapper_share(attrs: dict[str, str | None], share: float) -> None:
    assert tags.wrapper_share(attrs) == share
