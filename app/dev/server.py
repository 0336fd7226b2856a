"""``make run``: the app, a local SMTP sink and the delivery worker, in one process, for development."""

from __future__ import annotations

import logging
import os
import re
from contextlib import ExitStack
from dataclasses import replace

from app import create_app, db
from app.config import ROOT
from app.delivery import worker
from app.dev.clamd import running_clamd
from app.dev.smtp_sink import SmtpSink

_QUERY = re.compile(r"\?[^\s\"']*")


class DropQueryStrings(logging.Filter):
    """Werkzeug's request log without query strings: the PDF link's ``?token=`` is a credential.

    It logs ``"GET /path?query HTTP/1.1" 200 -`` with the request line as an argument (coloured on a
    terminal); every string argument loses its ``?…`` part, so error lines that quote a request line do too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_QUERY.sub("", arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("", record.msg)
        return True


def install_log_filters() -> None:
    logging.getLogger("werkzeug").addFilter(DropQueryStrings())


def main() -> None:
    # make run is development by definition; the app itself refuses to guess (see app/config.py).
    os.environ.setdefault("VRR_ENV", "development")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_filters()
    app = create_app()
    settings = app.config["VRR_SETTINGS"]
    db.upgrade(app)
    sink = None
    if settings.smtp_host in ("127.0.0.1", "localhost"):
        sink = SmtpSink(ROOT / "instance" / "mail", host="127.0.0.1", port=settings.smtp_port).start()
        logging.getLogger(__name__).info(
            "SMTP sink on 127.0.0.1:%s saving emails to instance/mail/", settings.smtp_port
        )
    if settings.run_worker:
        worker.start_background(app)
    with ExitStack() as stack:
        if "VRR_CLAMD_SOCKET" not in os.environ:
            # A private clamd for uploads (issue 15), its files in instance/clamd: the socket the app uses.
            socket_path = stack.enter_context(running_clamd(ROOT / "instance" / "clamd"))
            app.config["VRR_SETTINGS"] = replace(settings, clamd_socket=socket_path)
            logging.getLogger(__name__).info("clamd on %s (EICAR test signature only)", socket_path)
        try:
            app.run(host="127.0.0.1", port=settings.port, debug=False, use_reloader=False, threaded=True)
        finally:
            if sink is not None:
                sink.stop()


if __name__ == "__main__":
    main()
