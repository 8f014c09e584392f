"""A task for the two-worker test: each run appends its number and its process id to a file."""

import os
import time

from django.tasks import task


@task()
def record_run(number: int, path: str) -> None:
    time.sleep(0.02)  # long enough that both workers are busy at the same time
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{number} {os.getpid()}\n")
