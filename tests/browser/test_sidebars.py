"""The table of contents can be opened on a phone and collapsed on a desktop, in both editions
(book/_ext/course_html.py, fix 5: the themes listened on a hidden button), and in the Arabic edition
the drawer comes from the right, as the page mirrors.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]

EDITIONS = [("book/intro.html", "left"), ("ar/book/intro.html", "right")]


@pytest.fixture()
def opened(browser, site):
    contexts = []

    def open_page(path: str, width: int):
        context = browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        tab.goto(f"{site['url']}/{path}", wait_until="load")
        return tab

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path, side", EDITIONS)
def test_on_a_phone_the_toggle_opens_the_table_of_contents_as_a_drawer(opened, path, side):
    tab = opened(path, 390)
    drawer = tab.locator("#pst-primary-sidebar-modal")
    assert not drawer.evaluate("d => d.open")
    tab.locator("button.primary-toggle:visible").first.click()
    tab.wait_for_function("() => document.getElementById('pst-primary-sidebar-modal').open")
    tab.wait_for_timeout(400)  # the drawer slides in
    box = drawer.bounding_box()
    edge = box["x"] if side == "left" else 390 - (box["x"] + box["width"])
    assert abs(edge) <= 2, f"{path}: the drawer is not against the {side} edge: {box}"
    assert drawer.get_by_role("link").count() > 3, "the drawer holds no navigation"
    tab.keyboard.press("Escape")
    tab.wait_for_function("() => !document.getElementById('pst-primary-sidebar-modal').open")


@pytest.mark.parametrize("path, side", EDITIONS)
def test_on_a_desktop_the_toggle_collapses_the_sidebar_towards_its_edge(opened, path, side):
    tab = opened(path, 1280)
    sidebar = tab.locator(".bd-sidebar-primary")
    before = sidebar.bounding_box()
    tab.locator("button.primary-toggle:visible").first.click()
    tab.wait_for_function(
        "() => document.querySelector('.bd-sidebar-primary').classList.contains('pst-sidebar-hidden')"
    )
    tab.wait_for_timeout(400)
    after = sidebar.bounding_box()
    moved = after["x"] - before["x"]
    assert (moved < 0) if side == "left" else (moved > 0), f"{path}: the sidebar moved {moved} px"
    tab.locator("button.primary-toggle:visible").first.click()
    tab.wait_for_function(
        "() => !document.querySelector('.bd-sidebar-primary').classList.contains('pst-sidebar-hidden')"
    )
