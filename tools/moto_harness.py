"""Starts moto in server mode on a free loopback port and prints one line: READY <port>.

Run from the project-local virtualenv (.venv). Stops when stdin closes, so a crashed test runner
never leaves an orphan emulator behind.
"""
import socket
import sys
import threading

from moto.server import ThreadedMotoServer


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "0" else free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print(f"READY {port}", flush=True)
    # Block until the parent closes our stdin (or dies).
    threading.Thread(target=lambda: sys.stdin.read(), daemon=True).start()
    try:
        while True:
            line = sys.stdin.readline()
            if not line:
                break
    finally:
        server.stop()


if __name__ == "__main__":
    main()
