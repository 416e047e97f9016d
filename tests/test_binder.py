"""Binder, Colab and JupyterHub launch the right notebook, and repo2docker builds the repository as it is.

The launch buttons of every notebook page in the built book must open that page's notebook, in
JupyterLab, from the repository and branch in _config.yml. repo2docker's own build-pack logic
(the code Binder runs, without Docker) must pick the Python build pack with the Python of
runtime.txt, install requirements.txt with the whole repository present (it holds `-e .`), and run
postBuild last.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from course_html import student_notebook

from graders.distribution import BRANCH, build
from maintainers.structure import toc_files

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
NOTEBOOK_PAGES = [f for f in toc_files(ROOT / "_toc.yml") if (ROOT / f"{f}.ipynb").exists()]


@pytest.fixture(scope="module")
def student_tree(tmp_path_factory):
    return build(tmp_path_factory.mktemp("student") / "course")


def _launch_links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a[^>]+href="([^"]+)"', html)]


@pytest.mark.build
@pytest.mark.parametrize("f", NOTEBOOK_PAGES)
def test_launch_buttons_open_this_notebook(built_book, f, student_tree):
    """Binder and JupyterHub open the page's notebook in the student distribution (branch `student`,
    no solutions); Colab, which cannot install the course, opens the repository's own file."""
    repo_url = CONFIG["repository"]["url"].rstrip("/")
    branch = CONFIG["repository"].get("branch", "main")
    student = CONFIG["sphinx"]["config"]["course_student_branch"]
    assert student == BRANCH
    owner_repo = urlparse(repo_url).path.strip("/")
    launch = CONFIG["launch_buttons"]
    assert launch.get("notebook_interface") == "jupyterlab", "the course opens notebooks in JupyterLab"
    source = f"{f}.ipynb"
    notebook = student_notebook(f)
    assert (ROOT / source).is_file()
    assert (student_tree / notebook).is_file(), f"{f}: {notebook} is not in the student distribution"
    links = _launch_links((built_book["html"] / f"{f}.html").read_text(encoding="utf-8"))

    binder = [u for u in links if u.startswith(launch["binderhub_url"].rstrip("/") + "/v2/")]
    assert len(binder) == 1, f"{f}: expected one Binder button, found {binder}"
    b = urlparse(binder[0])
    assert b.path == f"/v2/gh/{owner_repo}/{student}", f"{f}: Binder builds {b.path}"
    assert parse_qs(b.query)["urlpath"] == [f"lab/tree/{notebook}"], f"{f}: Binder opens {b.query}"

    colab = [u for u in links if u.startswith(launch["colab_url"].rstrip("/") + "/")]
    assert len(colab) == 1, f"{f}: expected one Colab button, found {colab}"
    assert urlparse(colab[0]).path == f"/github/{owner_repo}/blob/{branch}/{source}", f"{f}: Colab opens {colab[0]}"

    hub = [u for u in links if u.startswith(launch["jupyterhub_url"].rstrip("/") + "/")]
    assert len(hub) == 1, f"{f}: expected one JupyterHub button, found {hub}"
    h = urlparse(hub[0])
    q = parse_qs(h.query)
    assert h.path == "/hub/user-redirect/git-pull", f"{f}: the JupyterHub button is not an nbgitpuller link"
    assert q["repo"] == [repo_url] and q["branch"] == [student], f"{f}: nbgitpuller pulls {q}"
    # nbgitpuller clones into a folder named after the repository (deploy/ relies on this too).
    assert q["urlpath"] == [f"lab/tree/{owner_repo.split('/')[-1]}/{notebook}"], f"{f}: opens {q['urlpath']}"


@pytest.fixture(params=["repository", "student distribution"])
def in_repo(request, student_tree):
    """repo2docker's build packs read the repository from the working directory: the course
    repository (authors' Binder) and the student distribution (what Binder and the hub's image build)."""
    where = ROOT if request.param == "repository" else student_tree
    before = os.getcwd()
    os.chdir(where)
    try:
        yield where
    finally:
        os.chdir(before)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # repo2docker's own imports
def test_repo2docker_builds_the_repository_as_is(in_repo):
    ROOT = in_repo  # noqa: N806  (the tree being built)
    from repo2docker.app import Repo2Docker
    from repo2docker.buildpacks import PythonBuildPack

    r2d = Repo2Docker()
    picked = next((bp for bp in (cls(r2d.base_image) for cls in r2d.buildpacks) if bp.detect()), None)
    assert isinstance(picked, PythonBuildPack), f"repo2docker would build with {type(picked).__name__}"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert picked.python_version == "3.11", f"repo2docker would install Python {picked.python_version}"
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-e ." in [r.strip() for r in requirements], "requirements.txt must install the course package (-e .)"

    picked.platform = "linux/amd64"  # what mybinder.org builds for
    dockerfile = picked.render()

    def position(pattern: str) -> int:
        m = re.search(pattern, dockerfile, re.MULTILINE)
        return m.start() if m else -1

    copy_repo = position(r"^COPY --chown=\S+ src/ \$\{REPO_DIR\}/$")
    install = position(r'pip install --no-cache-dir -r "requirements\.txt"$')
    install_package = position(r"pip install --no-cache-dir \.$")
    post_build = position(r"^RUN \./postBuild$")
    assert install > 0, "repo2docker would not install requirements.txt"
    assert 0 < copy_repo < install, "requirements.txt (with -e .) must be installed after the repository is copied"
    # repo2docker also runs `pip install .` (pyproject.toml makes the repository a package);
    # postBuild must come after it and restore the editable install that finds data/.
    assert install < install_package < post_build, "postBuild must run last"
    assert os.access(ROOT / "postBuild", os.X_OK), "postBuild must be executable"
    assert "--editable ." in (ROOT / "postBuild").read_text(encoding="utf-8")
