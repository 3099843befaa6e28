"""Bench-only: count the SQL queries each request makes, in the worker that answers it."""

from django.db import connections


class QueryCountMiddleware:
    """Add ``X-Query-Count`` (queries on every database alias) to each response.

    Installed first in MIDDLEWARE only when the ``BENCH_QUERY_COUNT`` setting is on, so it sees
    the queries of the whole stack: sessions, authentication, the page cache and the view. It
    works with DEBUG off, where Django keeps no query log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = []
        for connection in connections.all(initialized_only=False):
            wrappers.append(connection.execute_wrapper(counter))
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Query-Count"] = str(count)
        return response
