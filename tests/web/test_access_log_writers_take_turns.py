"""Several server processes, each with several threads, write the access log of one SQLite
database at once (as gunicorn's workers do): every record is kept, numbered without a gap, and the
chain verifies. A write inside a transaction already begun takes its turn too, without stalling."""

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent(
    """
    import os, sys, threading
    os.environ["DJANGO_SETTINGS_MODULE"] = "sightline.web.settings"
    import django
    django.setup()
    from django.db import connection, transaction
    from sightline.web.accesslog import services

    process = sys.argv[1]

    def lists(thread):
        for n in range(15):
            ids = [f"P{process}T{thread}N{n}C{i}" for i in range(25)]
            if n % 5 == 0:  # inside a transaction already begun, as a form saved then logged is
                with transaction.atomic():
                    services.log_list_view(None, "a list", ids)
            else:
                services.log_list_view(None, "a list", ids)
        connection.close()

    threads = [threading.Thread(target=lists, args=(t,)) for t in range(3)]
    for t in threads: t.start()
    for t in threads: t.join()
    """
)


def test_processes_and_threads_writing_at_once_keep_every_record_in_one_chain(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGHTLINE_", "DATABASE_URL"))}
    env |= {"SIGHTLINE_HOME": str(tmp_path), "SIGHTLINE_SHARED": os.environ.get("SIGHTLINE_SHARED", ""),
            "DJANGO_SETTINGS_MODULE": "sightline.web.settings"}  # fmt: skip
    env = {k: v for k, v in env.items() if v}
    web = [sys.executable, "-m", "sightline.web"]
    subprocess.run([*web, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=300)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(p)], env=env, stderr=subprocess.PIPE)
        for p in range(2)
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=240)
        assert writer.returncode == 0, errors.decode()[-2000:]
    count = subprocess.run(
        [*web, "shell", "-c",
         "from sightline.web.accesslog.models import AccessEntry as A; "
         "s = list(A.objects.order_by('seq').values_list('seq', flat=True)); "
         "print(len(s), s == list(range(s[0], s[0] + len(s))))"],
        env=env, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert count.stdout.splitlines()[-1].split() == [str(2 * 3 * 15 * 25), "True"]
    verified = subprocess.run(
        [*web, "verify_log"], env=env, capture_output=True, text=True, timeout=120
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
