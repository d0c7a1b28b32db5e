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
    """ThreadWorker whose new connections wait in the poller, like deferred ones."""

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
