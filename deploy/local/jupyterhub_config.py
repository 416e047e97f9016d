"""JupyterHub on one machine, for trying the classroom set-up and for tests/test_jupyterhub.py.

Every student gets a separate home folder (under COURSE_HUB_HOMES) and a single-user JupyterLab
started as the current user by SimpleLocalProcessSpawner; the proxy is configurable-http-proxy
(from npm). Everything listens on 127.0.0.1. This is for a laptop or a test, never for a real
class: the production configuration is deploy/values.yaml (Zero to JupyterHub on Kubernetes).

    COURSE_HUB_DIR=/tmp/hub COURSE_HUB_PASSWORD=change-me-please \
        jupyterhub -f deploy/local/jupyterhub_config.py

Settings come from the environment:

COURSE_HUB_DIR         state folder: database, cookie secret, proxy pid, and homes/ (required)
COURSE_HUB_PASSWORD    the shared password of the students (8 characters or more; required)
COURSE_HUB_USERS       comma-separated user names allowed to log in (default: any name)
COURSE_HUB_PORT        the public port on 127.0.0.1 (default 8000)
COURSE_HUB_API_PORT    the hub's internal API port (default 8081)
COURSE_HUB_PROXY_PORT  the proxy's REST API port (default 8001)
COURSE_HUB_PACKAGE_DIR where the students' servers import the course package from: a student
                       distribution (python -m graders.distribution), as the production image's
                       /srv/course (default: the package installed in this Python)
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by JupyterHub when it reads this file)


def _env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        raise SystemExit(f"deploy/local/jupyterhub_config.py: set {name} (see the top of this file)")
    return value


state = Path(_env("COURSE_HUB_DIR")).resolve()
state.mkdir(parents=True, exist_ok=True)
homes = state / "homes"

# --- network: loopback only -------------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{_env('COURSE_HUB_PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(_env("COURSE_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_env('COURSE_HUB_PROXY_PORT', '8001')}"
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.ConfigurableHTTPProxy.should_start = True

# --- state --------------------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- who may log in: one shared password (JupyterHub's replacement for DummyAuthenticator's) --
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = _env("COURSE_HUB_PASSWORD")
users = [u.strip() for u in os.environ.get("COURSE_HUB_USERS", "").split(",") if u.strip()]
if users:
    c.Authenticator.allowed_users = set(users)
else:
    c.Authenticator.allow_all = True

# --- each student's server: JupyterLab in their own home folder -----------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
# What students' kernels import: the student distribution's package, never the instructor's
# graders/ (a PYTHONPATH the hub was started with is not passed on).
c.Spawner.environment = {"PYTHONPATH": os.environ.get("COURSE_HUB_PACKAGE_DIR", "")}
# A large class on one small machine starts slowly (make bench-classroom sets COURSE_HUB_START_TIMEOUT).
c.Spawner.start_timeout = int(os.environ.get("COURSE_HUB_START_TIMEOUT", "120"))
c.Spawner.http_timeout = int(os.environ.get("COURSE_HUB_START_TIMEOUT", "120"))
# Keep the student servers offline: no JupyterLab news, no update checks.
c.Spawner.args = [
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    # A kernel that starts slowly on a crowded machine is waited for, not given up on after 60 s.
    f"--MappingKernelManager.kernel_info_timeout={os.environ.get('COURSE_HUB_START_TIMEOUT', '120')}",
]
if os.geteuid() == 0:  # CI runs as root; a single-user server refuses to unless told
    c.Spawner.args.append("--allow-root")
