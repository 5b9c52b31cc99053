"""Starts moto in server mode on a free loopback port and prints one line: READY <port>.

Run from the project-local virtualenv (.venv). Stops when stdin closes, so a crashed test runner
never leaves an orphan emulator behind.

One change to moto's behaviour: an operation moto does not implement (an action of a known service,
such as ssm:DescribeInstanceInformation, or a whole service, such as IAM Access Analyzer) answers
HTTP 400 with the error code `NotImplementedByEmulator`, instead of an HTML "500 Internal Server
Error" page. A 5xx says "try again later" (the SDK retries it, guardrail marks it transient and
`--resume` would re-scan the account forever); the truth is "this emulator cannot answer", which is
a definitive answer and reads as such in coverage.errors.
"""
import faulthandler
import json
import logging
import os
import signal
from html import escape
import socket
import sys
import threading

from werkzeug.serving import make_server

from moto.core.responses import BaseResponse
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

NOT_IMPLEMENTED = "NotImplementedByEmulator"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def not_implemented(content_type: str, message: str):  # type: ignore[no-untyped-def]
    """(status, headers, body) of the error, in the request's protocol: JSON, or query/REST XML."""
    if "json" in content_type:
        return 400, {"Content-Type": content_type, "x-amzn-ErrorType": NOT_IMPLEMENTED}, json.dumps({"__type": NOT_IMPLEMENTED, "message": message})
    body = f"<ErrorResponse><Error><Type>Sender</Type><Code>{NOT_IMPLEMENTED}</Code><Message>{escape(message)}</Message></Error><RequestId>emulator</RequestId></ErrorResponse>"
    return 400, {"Content-Type": "text/xml"}, body


_call_action = BaseResponse.call_action


def call_action(self):  # type: ignore[no-untyped-def]
    try:
        return _call_action(self)
    except NotImplementedError as err:
        return not_implemented(str(self.headers.get("Content-Type", "")), f"moto does not implement this operation: {err}")


BaseResponse.call_action = call_action


class Dispatcher(DomainDispatcherApplication):
    """A request for a service moto has no backend for gets an AWS-shaped JSON error."""

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        # Routed exactly once: routing may read the request body (query protocols), so a second
        # get_application would wait for bytes already consumed, holding moto's dispatcher lock.
        try:
            backend_app = self.get_application(environ)
        except Exception as err:  # moto cannot route it: a service it does not emulate
            body = json.dumps({"__type": NOT_IMPLEMENTED, "message": f"moto does not emulate this service ({type(err).__name__})"}).encode()
            start_response("400 Bad Request", [("Content-Type", "application/json"), ("x-amzn-ErrorType", NOT_IMPLEMENTED), ("Content-Length", str(len(body)))])
            return [body]
        return backend_app(environ, start_response)


def main() -> None:
    # One log line per request would only fill the pipe to the parent (and cost CPU); errors still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # `kill -USR1 <pid>` writes every thread's stack to /tmp/moto-threads-<pid>.txt: how a hung
    # emulator is diagnosed.
    dump = open(f"/tmp/moto-threads-{os.getpid()}.txt", "w")
    faulthandler.register(signal.SIGUSR1, file=dump, all_threads=True)
    port = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "0" else free_port()
    server = make_server("127.0.0.1", port, Dispatcher(create_backend_app), True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"READY {port}", flush=True)
    # Block until the parent closes our stdin (or dies).
    try:
        while True:
            line = sys.stdin.readline()
            if not line:
                break
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
