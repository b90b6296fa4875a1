"""The WSGI application (waitress serves it: ``python -m generator console``)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.console.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
