"""`make demo` refuses to touch a running demo or a busy port, before changing anything."""

import os
import socket

from sightline.demo import PID_FILE, refuse_if_busy


def test_a_running_demo_is_left_alone(tmp_path):
    (tmp_path / PID_FILE).write_text(f"{os.getpid()} 8123\n")  # this process: alive
    why = refuse_if_busy([], tmp_path)
    assert why and "already running on port 8123" in why


def test_a_stale_pid_file_does_not_block(tmp_path):
    (tmp_path / PID_FILE).write_text("999999999 8123\n")
    assert refuse_if_busy(["--port", "0"], tmp_path) is None


def test_a_busy_port_is_refused_with_the_next_one_suggested(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        why = refuse_if_busy(["--port", str(port)], tmp_path)
    assert why and f"make demo PORT={port + 1}" in why
