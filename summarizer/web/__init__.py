"""`summarizer serve`: the JSON API and the web desk over the store.

`app.create_app` builds the ASGI app (security middleware, the API of `api.py`, the pages of
`pages.py`); `desk.py` answers the read-only queries; `jobs.py` summarises POSTed articles in
one background thread under the same lock and store rules as `summarizer ingest`. FastAPI and
uvicorn are imported only here, never by the CLI until `serve` runs.
"""
