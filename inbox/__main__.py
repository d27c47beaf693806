"""python -m inbox: apply migrations, then serve on INBOX_HOST:INBOX_PORT."""
from __future__ import annotations

import logging

from inbox.app import create_app
from inbox.config import Config, secure_var_dir
from inbox.migrate import upgrade
from ops import logs


def main() -> None:
    logs.configure(("inbox", "alembic"), logging.INFO)  # VOORDEUR_LOG_FORMAT=json: one JSON object per line
    config = Config.from_env()
    secure_var_dir(config.var_dir)
    upgrade(config.database_url)
    app = create_app(config)
    logs.restyle_sanic()
    app.run(host=config.host, port=config.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
