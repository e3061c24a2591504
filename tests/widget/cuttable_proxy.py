"""A local TCP proxy whose cable the tests can cut and mend: a real network cut."""

from __future__ import annotations

import contextlib
import socket
import threading

from launcher.local_redis import free_port


class CuttableProxy:
    """Forwards 127.0.0.1:`port` to 127.0.0.1:`target`; `cut()` drops every connection
    and refuses new ones until `mend()`. A context manager."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._up = True

    def __enter__(self) -> CuttableProxy:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self.cut()
        self._listener.close()

    def cut(self) -> None:
        with self._lock:
            self._up = False
            for connection in self._connections:
                _shut(connection)
            self._connections.clear()

    def mend(self) -> None:
        with self._lock:
            self._up = True

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # the proxy is closed
                return
            with self._lock:
                if not self._up:
                    _shut(client)
                    continue
                upstream = socket.create_connection(("127.0.0.1", self.target))
                self._connections |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):  # cut
        while data := source.recv(65536):
            sink.sendall(data)
    _shut(sink)


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other side
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()
