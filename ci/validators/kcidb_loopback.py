#!/usr/bin/env python3
"""A loopback KCIDB REST endpoint for checking submitters: accepts POST /submit with a bearer
token, validates the body with kcidb-io's schema (what KCIDB's ingester does later), saves it,
and answers like kcidb-restd ({"id": ...}) or 400 with the validation error.

    kcidb_loopback.py PORT_FILE SAVE_FILE   (serves one request on 127.0.0.1, port written to PORT_FILE)
"""
import http.server
import json
import sys

import kcidb_io


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path.rstrip("/") != "/submit" or not self.headers.get("Authorization", "").startswith("Bearer "):
            self.reply(401 if self.path.rstrip("/") == "/submit" else 404, {"error": "bad path or no bearer token"})
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            data = json.loads(body)
            kcidb_io.schema.LATEST.validate(data)
        except Exception as error:  # report any rejection to the submitter
            self.server.verdict = "rejected: %s" % str(error).splitlines()[0]
            self.reply(400, {"error": self.server.verdict})
            return
        with open(sys.argv[2], "wb") as saved:
            saved.write(body)
        self.server.verdict = "accepted %d test(s)" % len(data.get("tests", []))
        self.reply(200, {"id": "loopback-1"})

    def reply(self, status, payload):
        text = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
server.verdict = "no request"
with open(sys.argv[1], "w") as port_file:
    port_file.write(str(server.server_address[1]))
server.handle_request()
print("loopback KCIDB: " + server.verdict)
