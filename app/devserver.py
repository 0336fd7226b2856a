"""``make run``: the app, a local SMTP sink and the delivery worker, in one process, for development."""

from __future__ import annotations

import logging

from app import create_app, db
from app.config import ROOT
from app.delivery import worker
from app.delivery.smtp_sink import SmtpSink


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
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
    try:
        app.run(host="127.0.0.1", port=settings.port, debug=False, use_reloader=False, threaded=True)
    finally:
        if sink is not None:
            sink.stop()


if __name__ == "__main__":
    main()
