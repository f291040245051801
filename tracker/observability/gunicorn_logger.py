"""gunicorn's access log, with feed keys and tokens masked and, when ``LOG_FORMAT=json``, as JSON lines.

Named by deploy/gunicorn.conf.py (``logger_class``). gunicorn writes the raw request line itself, so the
app's log filter never sees it: without this class every calendar feed key would sit in the access log.
"""

import json
import os
import time
import traceback

from gunicorn.glogging import Logger

from .logs import redact

_SECRET_ATOMS = ("r", "U", "q", "f", "{referer}i", "{raw_uri}e", "{request_uri}e", "{path_info}e",
                 "{query_string}e")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _SECRET_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms

    def access(self, resp, req, environ, request_time):
        if os.environ.get("LOG_FORMAT", "").strip().lower() != "json":
            return super().access(resp, req, environ, request_time)
        if not self.access_log_enabled:
            return
        try:
            atoms = self.atoms(resp, req, environ, request_time)
            entry = {
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "level": "INFO",
                "logger": "gunicorn.access",
                "request_id": atoms.get("{x-request-id}o", "-"),
                "remote_addr": atoms.get("{x-forwarded-for}i") or atoms["h"],
                "method": atoms["m"],
                "path": atoms["U"] + (f"?{atoms['q']}" if atoms.get("q") else ""),
                "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
                "bytes": atoms["B"],
                "duration_ms": atoms["M"],
                "user_agent": atoms["a"],
            }
            self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:
            self.error(traceback.format_exc())
