"""The gunicorn worker `overblik serve` runs: gthread, with a new connection waiting in the
poller until it sends something, as a kept-alive one does.

gunicorn 27's gthread hands a new connection to a thread at once, and the thread waits up
to 5 s for its first byte. A browser opens connections it may not use for a while
(preconnects), so with one thread a worker (issue 15: a second thread costs a change about
15 % more CPU) one such connection would hold the worker, and every user behind it, for
5 s. Here no thread is spent on a connection before its request has begun to arrive.
"""

from __future__ import annotations

import errno
import selectors
import time
from functools import partial
from socket import socket

from gunicorn.workers.gthread import TConn, ThreadWorker


class PollFirstWorker(ThreadWorker):
    """ThreadWorker whose new connections wait in the poller, like deferred ones, and which
    takes new connections only while it has a thread free (with one thread: no request in
    hand).

    Kept alive, a connection stays with the worker that accepted it. A worker that accepted
    while busy kept what the idle one should have had: under 50 users without pause, one
    worker held 48 of the 50 connections and the server used 1.1 of its 2 cores. Accepting
    only when idle leaves a new connection to a worker that can answer it now, as gunicorn's
    sync workers do by blocking in accept."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.in_hand = 0  # requests given to the thread and not yet finished

    def set_accept_enabled(self, enabled: bool) -> None:
        # The run loop asks for accepting whenever it is below its connection limit.
        super().set_accept_enabled(enabled and self.in_hand < self.cfg.threads)

    def enqueue_req(self, conn: TConn) -> None:
        self.in_hand += 1
        if self.in_hand >= self.cfg.threads:
            self.set_accept_enabled(False)
        super().enqueue_req(conn)

    def finish_request(self, conn: TConn, fs: object) -> None:
        # Runs on the main loop, whose next turn takes new connections again if a thread is
        # free.
        self.in_hand -= 1
        super().finish_request(conn, fs)

    def accept(self, listener: socket) -> None:
        try:
            sock, address = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        sock.setblocking(False)
        conn = TConn(self.cfg, sock, address, listener.getsockname())
        # As gthread does with a connection whose first byte did not come within 5 s:
        # closed when the keep-alive time passes without a request.
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(sock, selectors.EVENT_READ,
                             partial(self.on_pending_socket_readable, conn))
