"""The app as a WSGI server runs it in each worker: ``gunicorn 'helpdesk.wsgi:app'``.

Once the app is made, what it loaded (modules, mappers, compiled statements, Babel's data) stays for the
process's life. Freezing it takes it out of the collector's reach, so a full collection, which a report's
thousands of rows set off, walks only the request's objects instead of the whole heap.
"""

import gc

from helpdesk.app import create_app

app = create_app()
gc.collect()
gc.freeze()
