"""Gunicorn as the seed would be deployed: no dev server, sync workers, no access log."""
import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("SEED_BIND", "127.0.0.1:8001")
# Gunicorn's starting point, (2 x cores) + 1: https://docs.gunicorn.org/en/stable/design.html#how-many-workers
workers = int(os.environ.get("SEED_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# One request at a time per worker, and the connection is closed after each answer (sync workers have no
# keep-alive: https://gunicorn.org/design, "Worker Types").
worker_class = "sync"
accesslog = None
errorlog = "-"
loglevel = "warning"
