"""gunicorn settings for an app server: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

The worker timeout comes from config.py (WORKER_TIMEOUT_SECONDS), the one place the app's
imports are sized against; the rest can be overridden on the command line.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import WORKER_TIMEOUT_SECONDS

bind = "127.0.0.1:8000"
workers = 4
timeout = WORKER_TIMEOUT_SECONDS
accesslog = "-"
