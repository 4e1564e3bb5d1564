"""One SiliconDesk per data folder: a second start hands over to the running one.

Two processes on one folder overwrite each other's settings and purge each other's
history (one's window-geometry save wiped the other's new endpoint; one purged a
conversation the other could still undo). So the first process holds a ``QLockFile`` in
the folder and listens on a ``QLocalServer`` named after the folder; a second start finds
the lock held, asks the first to come forward (:func:`notify_running`) and exits.

The lock's stale time is 0: a lock is stale only when the process named in it is gone
(killed, crashed; Qt checks the pid on this host), never merely because it is old. With
Qt's default of 30 s, only the native file lock Qt adds on Unix, which not every file
system honours, would keep a second start from taking over from a first one that has
simply been running for a minute. A server socket a killed process left behind is
replaced: on Unix ``UserAccessOption`` makes Qt bind in a private folder and rename over
it; where ``listen`` reports the address in use instead, it is removed and tried again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_FILE = "silicondesk.lock"
ACTIVATE = b"activate"
ANSWER = b"ok"
MAX_LINE = 600  # "activate" and an activation token; anything longer is not ours
# The window-system tokens a launcher gives a process so that it may raise a window
# (Wayland's xdg-activation, X11 startup notification); passed on to the running one.
TOKEN_VARIABLES = ("XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID")
_RETRY_SECONDS = 0.02


def server_name(data_dir: Path) -> str:
    """The local server's name for ``data_dir``: the same for every spelling of the
    folder (relative, through a symbolic link, ``..``), different for another folder."""
    resolved = os.path.normcase(str(Path(data_dir).expanduser().resolve()))
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()
    return f"silicondesk-{digest[:16]}"


def _clean_token(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    usable = text.isascii() and text.isprintable() and " " not in text
    return text[:MAX_LINE - len(ACTIVATE) - 1] if usable else ""


class SingleInstance(QObject):
    """The running side: holds the folder's lock and answers later starts."""

    # A later start asked to see the window; the argument is its activation token ("" if
    # none), which a Wayland compositor needs before it lets a window take focus.
    activation_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def acquire(self, data_dir: Path, timeout_ms: int = 0) -> bool:
        """``False`` when another live process holds ``data_dir`` (call
        :func:`notify_running` and exit). A dead process's lock is taken over. When the
        folder cannot be locked at all (read-only, no permission) this logs and returns
        ``True``: the guard is lost, but starting is still the user's best chance."""
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            log.warning("single instance: cannot create %s: %s", data_dir, err)
            return True
        lock = QLockFile(str(data_dir / LOCK_FILE))
        lock.setStaleLockTime(0)
        if not lock.tryLock(timeout_ms):
            if lock.error() == QLockFile.LockError.LockFailedError:
                return False
            log.warning("single instance: cannot lock %s (%s); not guarded",
                        data_dir, lock.error().name)
            return True
        self._lock = lock
        self._listen(server_name(data_dir))
        return True

    def release(self) -> None:
        """Stop answering and unlock, so that a new process (a restart) can take over.
        Safe to call twice; the lock is also released when the process ends."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _listen(self, name: str) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        listening = server.listen(name)
        if not listening and server.serverError() == \
                QAbstractSocket.SocketError.AddressInUseError:
            # We hold the lock, so the socket is a killed process's leftover.
            QLocalServer.removeServer(name)
            listening = server.listen(name)
        if not listening:
            log.warning("single instance: cannot listen on %s: %s", name,
                        server.errorString())
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self._on_socket_ready_read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._answer(socket)

    def _on_socket_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._answer(socket)

    def _answer(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_LINE:
                socket.abort()
            return
        line = bytes(socket.readLine(MAX_LINE + 1).data()).rstrip(b"\r\n")
        word, _, token = line.partition(b" ")
        if word != ACTIVATE:
            socket.abort()
            return
        socket.write(ANSWER + b"\n")
        socket.flush()
        socket.disconnectFromServer()
        self.activation_requested.emit(_clean_token(token))


def activation_token(environ: dict[str, str] | None = None) -> str:
    """This process's window-activation token, if its launcher gave one."""
    env = os.environ if environ is None else environ
    for name in TOKEN_VARIABLES:
        if env.get(name):
            return env[name]
    return ""


def notify_running(data_dir: Path, timeout_ms: int = 3000, token: str | None = None) -> bool:
    """From a second start: ask the process holding ``data_dir`` to show its window.
    ``True`` once it answered; ``False`` when nobody answered within ``timeout_ms``
    (it is hung, or it could not listen). Blocking; needs no event loop. ``token``
    defaults to this process's :func:`activation_token`."""
    name = server_name(data_dir)
    deadline = QDeadlineTimer(timeout_ms)
    socket = QLocalSocket()
    try:
        while True:
            socket.connectToServer(name)
            if socket.waitForConnected(max(0, deadline.remainingTime())):
                break
            if deadline.hasExpired() or socket.error() not in (
                    QLocalSocket.LocalSocketError.ServerNotFoundError,
                    QLocalSocket.LocalSocketError.ConnectionRefusedError):
                return False
            # It holds the lock but is not listening yet (a start-up a moment ahead).
            time.sleep(_RETRY_SECONDS)
        clean = _clean_token((activation_token() if token is None else token).encode())
        message = ACTIVATE + (b" " + clean.encode() if clean else b"")
        socket.write(message[:MAX_LINE] + b"\n")
        if not socket.waitForBytesWritten(max(0, deadline.remainingTime())):
            return False
        while not socket.canReadLine():
            if not socket.waitForReadyRead(max(0, deadline.remainingTime())):
                return False
        return bytes(socket.readLine(16).data()).strip() == ANSWER
    finally:
        socket.abort()
