"""AIM Tracker: the application factory. It only wires; it never queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, Config, engine_options, load_config


def create_app(config: Config | str | None = None, **overrides: Any) -> Flask:
    """Create and configure an AIM Tracker application."""
    from app.extensions import FiniteJSONProvider

    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=True)
    app.json = FiniteJSONProvider(app)
    if not isinstance(config, Config):
        config = load_config(config)
    app.config.from_object(config)
    app.config.update(overrides)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    )
    if proxies := app.config.get("TRUSTED_PROXIES", 0):
        # Client address (rate limits) and https (secure cookies) as the proxy saw them. Not the
        # host: nginx sets Host itself, and no page builds an address from it.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign] # Flask's documented way
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )

    register_extensions(app)
    register_routing(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions of app.extensions."""
    from app import models  # noqa: F401 - registers every table on the metadata
    from app.auth.passwords import init_app as init_password_hashing
    from app.caching import cache_config
    from app.content import track_content_changes
    from app.database import commit_bookkeeping, configure_engines, guard_stored_values
    from app.extensions import babel, cache, csrf, db, limiter, login_manager, migrate
    from app.i18n import (
        install_template_gettext,
        register_languages,
        remember_locale,
        select_locale,
    )
    from app.notifications.mail import init_app as init_mail

    register_languages(app)  # first: a bad LANGUAGES stops here, naming the code
    db.init_app(app)
    configure_engines(app)
    track_content_changes(db.session)
    guard_stored_values(db.session)
    cache.init_app(app, config=cache_config(app.config))
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    limiter.init_app(app)
    init_password_hashing(app)
    init_mail(app)
    app.after_request(remember_locale)
    app.after_request(commit_bookkeeping)

    from app.auth.sessions import load_session_user

    login_manager.user_loader(load_session_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # our server-side session rows do this job


def register_routing(app: Flask) -> None:
    """URL converters and request guards, before any blueprint adds its rules."""
    from app.routing import register

    register(app)


def register_blueprints(app: Flask) -> None:
    """Attach every feature blueprint."""
    from app.api import bp as api_bp
    from app.assets import bp as assets_bp
    from app.auth import bp as auth_bp
    from app.dashboards import bp as dashboards_bp
    from app.departments import bp as departments_bp
    from app.history import bp as history_bp
    from app.indicators import bp as indicators_bp
    from app.interventions import bp as interventions_bp
    from app.measurements import bp as measurements_bp
    from app.meetings import bp as meetings_bp
    from app.meetings import public_bp as meeting_minutes_bp
    from app.missions import bp as missions_bp
    from app.notifications import bp as notifications_bp
    from app.open_data import bp as open_data_bp
    from app.ops import bp as ops_bp
    from app.public import bp as public_bp
    from app.rounds import bp as rounds_bp
    from app.sources import bp as sources_bp
    from app.transfer import bp as transfer_bp
    from app.workspace import bp as workspace_bp

    for blueprint in (
        public_bp,
        open_data_bp,
        ops_bp,
        assets_bp,
        auth_bp,
        workspace_bp,
        history_bp,
        departments_bp,
        missions_bp,
        interventions_bp,
        indicators_bp,
        measurements_bp,
        dashboards_bp,
        transfer_bp,
        sources_bp,
        api_bp,
        notifications_bp,
        meetings_bp,
        meeting_minutes_bp,
        rounds_bp,
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    """Install the shared error pages, the rollback-on-500 handler and security headers."""
    from app import security
    from app.errors import register

    register(app)
    security.register(app)


def register_commands(app: Flask) -> None:
    """Add the flask CLI commands."""
    from app.commands import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Expose formatting helpers and the current locale to templates."""
    from app.templating import register

    register(app)
