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

4. The launch buttons (Binder, JupyterHub) open the page's notebook from the *student
   distribution*, the branch ``course_student_branch`` (``student``) that holds what students
   receive and no solutions (``python -m graders.distribution``), not from the main branch: there the
   notebook of an exercise page is ``exercises/<set>/<set>.ipynb``, the learner edition. The theme
   builds the links from ``repository.branch`` and the page's own path, so we rewrite them.

5. The button that shows and hides the table of contents does nothing, on a phone or a desktop
   (pydata-sphinx-theme#2451, sphinx-book-theme#988, both open): the theme's header and
   sphinx-book-theme's article header each render a ``.primary-toggle`` button (and a
   ``.secondary-toggle``), and both themes' scripts listen on the first one in the page only, the
   header's, which sphinx-book-theme hides. A click on the visible button is passed on to the first,
   so the themes' own code opens the drawer on a narrow screen and collapses the sidebar on a wide one.

Enabled in _config.yml with ``sphinx: local_extensions: {course_html: book/_ext}``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


def student_notebook(pagename: str) -> str:
    """The path, in the student distribution, of the notebook a book page was made from."""
    m = re.fullmatch(r"exercises/book/([^/]+)", pagename)
    return f"exercises/{m.group(1)}/{m.group(1)}.ipynb" if m else f"{pagename}.ipynb"


def _student_url(url: str, branch: str, notebook: str) -> str:
    parts = urlsplit(url)
    if parts.path.endswith("/hub/user-redirect/git-pull"):
        query = dict(parse_qsl(parts.query))
        folder = query.get("urlpath", "lab/tree/course/").split("/")[2]
        query.update(branch=branch, urlpath=f"lab/tree/{folder}/{notebook}")
        return urlunsplit(parts._replace(query=urlencode(query, safe="/")))
    if "/v2/gh/" in parts.path or "/v2/git/" in parts.path:  # Binder: /v2/gh/<org>/<repo>/<branch>
        path = parts.path.rsplit("/", 1)[0] + f"/{branch}"
        return urlunsplit(parts._replace(path=path, query=urlencode({"urlpath": f"lab/tree/{notebook}"}, safe="/")))
    return url


def _student_launch_links(app, pagename, context) -> None:
    branch = app.config.course_student_branch
    if not branch:
        return
    notebook = student_notebook(pagename)

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str):
                node["url"] = _student_url(node["url"], branch, notebook)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(context.get("header_buttons"))


def _on_page(app, pagename, templatename, context, doctree) -> None:
    _student_launch_links(app, pagename, context)
    _drop_repeated_scripts(context)
    _fix_bibliography_roles(context)
    _label_task_list_boxes(context)


#: Passes a click on a visible sidebar toggle to the first of its kind, where the themes listen (5.).
TOGGLES = """document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button.primary-toggle, button.secondary-toggle") : null;
  if (!button) return;
  const first = document.querySelector(button.classList.contains("primary-toggle") ? ".primary-toggle" : ".secondary-toggle");
  if (first && first !== button) first.click();
});"""


def setup(app):
    app.add_config_value("course_student_branch", "student", "html")
    app.add_js_file(None, body=TOGGLES)
    app.connect("html-page-context", _on_page, priority=900)  # after the theme has made its buttons
    return {"parallel_read_safe": True, "parallel_write_safe": True}
