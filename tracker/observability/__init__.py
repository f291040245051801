"""What an operator watches: request ids (``request_ids``), operator logs (``logs``), Prometheus metrics
(``metrics``), gunicorn's access log (``gunicorn_logger``).

Importing this package imports nothing else: gunicorn's master loads ``gunicorn_logger`` before the metrics
folder is ready, and must not create counters of its own.
"""
