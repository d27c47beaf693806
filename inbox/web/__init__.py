"""Staff pages (server-rendered). Owned by the staff-UI work; create_app calls register_web(app)."""


def register_web(app) -> None:  # replaced by the staff-UI blueprints
    """Register the staff-page blueprints on the inbox app."""
