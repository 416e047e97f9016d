"""Notebook kernels forked from one warm process, for executing the book's notebooks quickly.

Every notebook the build executes gets a kernel of its own, and starting one cost more processor
time than most notebooks' code: a new Python imports ipykernel, debugpy, pandas and matplotlib, about
1.3 s of processor time, 33 times in a cold build. Here one server process imports them once, then
forks a child for each kernel that is asked for. The child is a new process that holds no other
notebook's state, and it becomes an ordinary IPython kernel (``ipykernel``'s own start-up, from the
connection file on), started in a fraction of the time.

Used by ``scripts/execute_notebooks.py`` (``make book``) and by the test suite's grading of the
exercise editions (``tests/test_nbgrader_variants.py``). JupyterLab, the hub, the end-to-end nbgrader
test and the tests that run notebooks as learners do start kernels the usual way::

    with fork_kernels() as env:  # the environment for a process that starts kernels
        subprocess.run([...], env=env)

``env`` puts a kernel spec named ``python3`` first on ``JUPYTER_PATH``. Its command runs this file
as a script, a small stand-in that jupyter_client takes for the kernel's process. The stand-in
hands the server its connection file, working directory, environment and standard streams, sends
each signal it receives (an interrupt, a termination) on to its kernel, and exits with the kernel's
exit status. A kernel asked for with other ``PYTHON*`` settings than the server's (``PYTHONPATH``,
which nbgrader's configuration sets, acts only when a Python starts) is not forked: the stand-in
becomes an ordinary kernel itself. If the stand-in dies, the server kills its kernel; if the server
dies, the kernel exits (ipykernel watches its parent) and so does the stand-in.

Only the standard library is imported by the stand-in, so that it starts in a few milliseconds.
``tests/test_fork_kernel.py`` shows that a forked kernel shows a notebook what a fresh one does.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import sys

#: what the server imports once, before any fork: what a kernel imports as it starts, and the
#: libraries the notebooks import. Not the course's own package: importing it acts on the running
#: IPython (``coursekit.display`` gives DataFrames their Markdown form), so a kernel imports it itself.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.debugger",  # debugpy, which every kernel imports as it starts
    "IPython.core.history",
    "IPython.core.debugger",
    "sqlite3",
    "psutil",
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "networkx",
)
#: the backend ipykernel gives matplotlib in a kernel (it sets MPLBACKEND before the notebook runs)
INLINE = "module://matplotlib_inline.backend_inline"
_HEADER = struct.Struct("!I")


# ------------------------------------------------------------------------------- the stand-in
def stand_in(server: str, kernel_args: list[str]) -> int:
    """Ask the server at *server* for a kernel started with *kernel_args*; wait for it to end."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(server)
    request = json.dumps({"argv": kernel_args, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    socket.send_fds(sock, [_HEADER.pack(len(request))], [0, 1, 2])
    sock.sendall(request)
    parent, pid = os.getppid(), None

    def forward(signum, _frame):
        if pid is not None:
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(signum, forward)
    # the server says "pid N" when it has forked the kernel and "exit N" when the kernel has ended;
    # if the server dies, or whoever started this stand-in (jupyter_client) does, the kernel is killed
    sock.settimeout(1.0)
    received = b""
    while True:
        while b"\n" in received:
            line, received = received.split(b"\n", 1)
            word, _, number = line.decode().partition(" ")
            if word == "pid":
                pid = int(number)
            elif word == "fresh":  # the server cannot fork this kernel: this process becomes it
                sock.close()
                for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
                    signal.signal(signum, signal.SIG_DFL)
                os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *kernel_args])
            elif word == "exit":
                return _exit_like(int(number))
            else:
                sys.stderr.write(f"fork_kernel: the server at {server} did not start a kernel: {line!r}\n")
                return 1
        try:
            chunk = sock.recv(256)
        except TimeoutError:
            if os.getppid() == parent:
                continue
            chunk = b""
        if not chunk:
            forward(signal.SIGKILL, None)
            return 1
        received += chunk


def _exit_like(code: int) -> int:
    """Exit as the kernel did: with its status, or (a negative *code*) of the same signal."""
    if code < 0:
        try:
            signal.signal(-code, signal.SIG_DFL)
        except OSError:  # SIGKILL and SIGSTOP cannot be caught, so they need no resetting
            pass
        os.kill(os.getpid(), -code)
    return code


# ---------------------------------------------------------------------------------- the server
def serve(path: str) -> None:
    """Import what every kernel needs, listen on the socket *path* and fork a kernel per request."""
    import builtins
    import importlib
    import selectors

    interpreter = _interpreter_settings(os.environ)

    os.environ.setdefault("MPLBACKEND", INLINE)  # as ipykernel does, before matplotlib is imported
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # debugpy's import-time note, once per build
    # Libraries choose defaults when imported by looking at where they run: pandas sets
    # display.max_columns to 20 if get_ipython() is a kernel (0 in a terminal) and display.encoding
    # to sys.stdout's encoding. The server imports them as a kernel would: get_ipython() answers
    # as a kernel's does, and the standard streams have the encoding of ipykernel's.
    from ipykernel.iostream import OutStream

    streams = sys.stdout, sys.stderr
    builtins.get_ipython = _KernelLike
    sys.stdout, sys.stderr = (_KernelStream(stream, OutStream.encoding) for stream in streams)
    try:
        for name in PRELOAD:
            importlib.import_module(name)
    finally:
        del builtins.get_ipython
        sys.stdout, sys.stderr = streams
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "listener")
    kernels: dict[int, tuple[socket.socket, int]] = {}  # pidfd -> (its stand-in's connection, pid)
    parent = os.getppid()

    def stop(*_):
        for _connection, pid in kernels.values():
            _kill(pid)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    while True:
        for key, _ in selector.select(timeout=1.0):
            if key.data == "listener":
                connection, _ = listener.accept()
                try:
                    argv, cwd, env, fds = _read_request(connection)
                except (OSError, ValueError) as err:
                    with contextlib.suppress(OSError):
                        connection.sendall(f"error {err}\n".encode())
                    connection.close()
                    continue
                if _interpreter_settings(env) != interpreter:
                    # PYTHONPATH and the other PYTHON* settings act when a Python starts: a kernel
                    # asked for with other ones than the server's starts as a new Python instead
                    for fd in fds:
                        os.close(fd)
                    with contextlib.suppress(OSError):
                        connection.sendall(b"fresh\n")
                    connection.close()
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    selector.close()
                    listener.close()
                    for pidfd, (other, _) in kernels.items():
                        os.close(pidfd)
                        other.close()
                    connection.close()
                    _become_kernel(argv, cwd, env, fds)  # never returns
                for fd in fds:
                    os.close(fd)
                pidfd = os.pidfd_open(pid)
                kernels[pidfd] = (connection, pid)
                selector.register(pidfd, selectors.EVENT_READ, "kernel")
                selector.register(connection, selectors.EVENT_READ, ("stand-in", pidfd))
                connection.sendall(f"pid {pid}\n".encode())
            elif key.data == "kernel":  # a kernel ended: tell its stand-in how
                connection, pid = kernels.pop(key.fd)
                selector.unregister(key.fd)
                with contextlib.suppress(KeyError):  # gone already if its stand-in died first
                    selector.unregister(connection)
                _, status = os.waitpid(pid, 0)
                os.close(key.fd)
                with contextlib.suppress(OSError):
                    connection.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
                connection.close()
            elif not key.fileobj.recv(1):  # a stand-in closed its connection (it died): so does its kernel
                selector.unregister(key.fileobj)
                _, pidfd = key.data
                if pidfd in kernels:
                    _kill(kernels[pidfd][1])
        if os.getppid() != parent:  # whoever started the server has gone
            stop()


def _interpreter_settings(env) -> dict[str, str]:
    """The environment variables that act when Python starts (PYTHONPATH, PYTHONHASHSEED, ...)."""
    return {k: v for k, v in env.items() if k.startswith("PYTHON")}


class _KernelLike:
    """What ``get_ipython()`` returns in a Jupyter kernel, as far as an import-time check asks."""

    kernel = True


class _KernelStream:
    """A standard stream as an import-time check sees a kernel's: with ipykernel's encoding."""

    def __init__(self, stream, encoding: str):
        self._stream, self.encoding = stream, encoding

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _read_exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ValueError("the request ended early")
        data += chunk
    return data


def _read_request(connection: socket.socket):
    header, fds, _, _ = socket.recv_fds(connection, _HEADER.size, 3)
    if len(header) != _HEADER.size or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        raise ValueError("a request needs its length and three standard streams")
    (size,) = _HEADER.unpack(header)
    request = json.loads(_read_exactly(connection, size))
    return request["argv"], request["cwd"], request["env"], fds


def _become_kernel(argv: list[str], cwd: str, env: dict[str, str], fds: list[int]) -> None:
    """In the forked child: take the stand-in's streams, directory and environment, then run
    ipykernel exactly as ``python -m ipykernel_launcher ARGV`` would from that directory."""
    code = 1
    try:
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
            os.close(fd)
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        import matplotlib

        wanted = env.get("MPLBACKEND") or INLINE
        if matplotlib.rcParams._get("backend") != wanted:
            matplotlib.rcParams["backend"] = wanted
        os.environ.setdefault("MPLBACKEND", wanted)
        _reseed()
        # the kernel watches its parent, the server, as a kernel started the usual way watches
        # jupyter_client (which it learns from JPY_PARENT_PID when ipykernel is imported)
        import ipykernel_launcher

        sys.argv = [ipykernel_launcher.__file__, *argv, f"--IPKernelApp.parent_handle={os.getppid()}"]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - the kernel failed to start: say why on its stderr
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
        os._exit(code)


def _reseed() -> None:
    """A forked child starts with its server's random state; a fresh process starts with its own."""
    import random

    random.seed()
    if "numpy" in sys.modules:
        import numpy

        numpy.random.seed()


# -------------------------------------------------------------------------- for the build
def kernel_spec(server: str) -> dict:
    """The ``python3`` kernel spec whose kernels the server at *server* starts."""
    return {
        "argv": [sys.executable, os.path.abspath(__file__), "--server", server, "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel, forked)",
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }


class fork_kernels:  # noqa: N801 - used as a context manager, like a function
    """Start a server; give the environment in which ``python3`` kernels are forked from it."""

    def __init__(self, env: dict[str, str] | None = None):
        self.base = dict(os.environ if env is None else env)

    def __enter__(self) -> dict[str, str]:
        import subprocess
        import tempfile

        self.dir = tempfile.mkdtemp(prefix="fork-kernels-")
        server = os.path.join(self.dir, "server.sock")
        spec_dir = os.path.join(self.dir, "kernels", "python3")
        os.makedirs(spec_dir)
        with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as f:
            json.dump(kernel_spec(server), f, indent=1)
        self.server = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "serve", server],
            stdout=subprocess.PIPE,
            text=True,
            env=self.base,
        )
        ready = self.server.stdout.readline()
        if ready.strip() != "ready":
            self.server.wait()
            raise RuntimeError(f"the kernel server did not start (exit status {self.server.returncode})")
        env = dict(self.base)
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [self.dir, self.base.get("JUPYTER_PATH")]))
        return env

    def __exit__(self, *exc) -> None:
        import shutil

        self.server.terminate()
        try:
            self.server.wait(timeout=10)
        except Exception:  # noqa: BLE001
            self.server.kill()
            self.server.wait()
        self.server.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"] and len(argv) == 2:
        serve(argv[1])
        return 0
    if argv[:1] == ["--server"] and len(argv) >= 2:
        return stand_in(argv[1], argv[2:])
    sys.stderr.write("usage: fork_kernel.py serve SOCKET | fork_kernel.py --server SOCKET -f CONNECTION_FILE\n")
    return 2


if __name__ == "__main__":
    # run as a script: its own folder (maintainers/) must not shadow what the kernels import
    del sys.path[0]
    sys.exit(main(sys.argv[1:]))
