"""The reference for `load.py`: a bare WSGI application that answers every path with a short text,
served by the same gunicorn settings as verbund, so the figures show what gunicorn, the loopback
and the load script cost by themselves."""

BODY = b"hello\n"


def application(environ, start_response):
    start_response(
        "200 OK",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BODY)))],
    )
    return [BODY]
