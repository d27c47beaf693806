"""python -m inbox: apply migrations, then serve on INBOX_HOST:INBOX_PORT with INBOX_WORKERS processes (default 1).

Several workers share the port (Sanic's worker manager). Everything one request may leave for the next lives in the
database: staff sessions, the login and read-token rate limits, the spoed alerts (a claimed row per worker); so any
worker can serve any request.
"""
from __future__ import annotations

import logging
from functools import partial

from sanic import Sanic
from sanic.worker.loader import AppLoader

from inbox.app import LOGGERS, create_app, worker_app
from inbox.config import Config, secure_var_dir
from inbox.migrate import upgrade
from ops import logs



def main() -> None:
    logs.configure(LOGGERS, logging.INFO)  # VOORDEUR_LOG_FORMAT=json: one JSON object per line
    config = Config.from_env()
    secure_var_dir(config.var_dir)
    upgrade(config.database_url)
    app = create_app(config)
    logs.restyle_sanic()
    if config.workers == 1:
        app.run(host=config.host, port=config.port, single_process=True, access_log=False, motd=False)
        return
    app.prepare(host=config.host, port=config.port, workers=config.workers, access_log=False, motd=False)
    Sanic.serve(primary=app, app_loader=AppLoader(factory=partial(worker_app, config)))


if __name__ == "__main__":
    main()
