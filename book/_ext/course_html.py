"""Fixes to the HTML output that the browser tests (tests/browser/) found.

1. Sphinx 7.4 writes every inline ``<script>`` that an extension adds after the builder has
   started twice (sphinx-doc/sphinx#13402, fixed in Sphinx 8.2, which jupyter-book 1.x cannot
   use). The second copy of sphinx-thebe's ``const THEBE_JS_URL = ...`` then throws "Identifier
   'THEBE_JS_URL' has already been declared" on every page. We drop the repeated copies.
2. docutils marks each entry of the bibliography ``role="doc-biblioentry"`` inside a
   ``role="list"``. DPUB-ARIA 1.1 deprecated that role in favour of ``listitem``, so screen
   readers (and axe-core, as a critical "aria-required-children" violation) see a list without
   items. We write ``role="listitem"``.
3. MyST's task lists (``- [ ] item``) render each box as an ``<input type="checkbox">`` without a
   label, so a screen reader announces "checkbox" with no text (axe-core: critical "label"). We
   wrap the box and its item's first paragraph in a ``<label>``.

Enabled in _config.yml with ``sphinx: local_extensions: {course_html: book/_ext}``.
"""
from __future__ import annotations

import re

_TASK_ITEM = re.compile(r'(<input class="task-list-item-checkbox"[^>]*>)(.*?)(</p>)', re.DOTALL)


def _drop_repeated_scripts(context) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        key = (js.filename or "", js.priority, tuple(sorted(js.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def _fix_bibliography_roles(context) -> None:
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _label_task_list_boxes(context) -> None:
    body = context.get("body")
    if body and "task-list-item-checkbox" in body:
        context["body"] = _TASK_ITEM.sub(r"<label>\1\2</label>\3", body)


def _on_page(app, pagename, templatename, context, doctree) -> None:
    _drop_repeated_scripts(context)
    _fix_bibliography_roles(context)
    _label_task_list_boxes(context)


def setup(app):
    app.connect("html-page-context", _on_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
