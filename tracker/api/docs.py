"""The API's reading page: Swagger UI from the files the flask-swagger-ui package ships, served from here
(no CDN), started by our own script so the page keeps the site's strict Content-Security-Policy."""

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, abort, render_template, send_from_directory

bp = Blueprint("api_docs", __name__)
ASSETS = Path(flask_swagger_ui.__file__).resolve().parent / "dist"
SERVED = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "LICENSE"})


@bp.get("/docs")
def page():
    return render_template("api/docs.html")


@bp.get("/docs/assets/<filename>")
def asset(filename: str):
    if filename not in SERVED:
        abort(404)
    response = send_from_directory(ASSETS, filename, max_age=3600)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
