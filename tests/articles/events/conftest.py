"""The task queues for webhook tests: real worker processes (the receiver is in tests/articles/conftest.py)."""

import os
import uuid

import pytest

from tests.tasks import WorkerProcess


def _rq_keys_of(queue_name: str):
    """Every Redis key RQ wrote for ``queue_name`` (its queue, registries, jobs, results, workers), nothing else."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    keys = set(client.scan_iter(f"rq:*{queue_name}*"))
    for key in client.scan_iter("rq:job:*"):
        if client.type(key) == b"hash" and client.hget(key, "origin") == queue_name.encode():
            keys |= {key, b"rq:results:" + key.split(b":", 2)[2]}
    for key in client.scan_iter("rq:worker:*"):
        if client.type(key) == b"hash" and queue_name.encode() in (client.hget(key, "queues") or b""):
            keys.add(key)
            client.srem("rq:workers", key)
    return client, keys


class Queue:
    """The backend a test's workers use; ``worker()`` starts one more (stopped at the end of the test)."""

    def __init__(self, backend: str, env: dict[str, str]) -> None:
        self.backend, self.env, self.workers = backend, env, []

    def worker(self) -> WorkerProcess:
        process = WorkerProcess(self.env).start()
        self.workers.append(process)
        return process


@pytest.fixture(
    params=[
        "database",
        pytest.param(
            "rq",
            marks=pytest.mark.skipif(
                not os.environ.get("REDIS_URL"), reason="RQ runs on Redis: set REDIS_URL (CI's PostgreSQL leg does)"
            ),
        ),
    ]
)
def queue(request, settings, receiver):
    """Real worker processes on the database queue, and on RQ when Redis is there."""
    env = {
        "OUTBOUND_ALLOWED_HOSTS": f"127.0.0.1:{receiver.port}",
        "TASKS_BACKEND": request.param,
        "TASKS_BEAT_SECONDS": "0.5",
        "TASKS_RETRY_BASE_SECONDS": "0.2",
        "TASKS_RETRY_MAX_SECONDS": "1",
        "TASKS_LOST_AFTER_SECONDS": "1",
        "WEBHOOK_TIMEOUT": "2",
        "SITE_URL": "https://news.example",
    }
    if request.param == "rq":
        name = f"khabar-test-{uuid.uuid4().hex[:12]}"
        env["TASKS_QUEUE"] = name
        settings.TASKS_BACKEND, settings.TASKS_QUEUE = "rq", name
        settings.RQ_QUEUES = {name: {"URL": os.environ["REDIS_URL"]}}
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    queue = Queue(request.param, env)
    yield queue
    for process in queue.workers:
        process.stop()
        print(f"---- {request.param} worker ----\n{process.output()}")  # shown when the test failed
        process.log.close()
    if request.param == "rq":
        client, keys = _rq_keys_of(env["TASKS_QUEUE"])
        if keys:
            client.delete(*keys)

