import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RECORDS, LIMIT, TIMEOUT, ATTEMPTS, BACKOFF = 100, 10, 0.5, 3, 0.02
asked, asked_lock = {}, threading.Lock()  # how many times each record was asked for


# ANCHOR: upstream
class Upstream(BaseHTTPRequestHandler):  # most records come at once; some are not so lucky
    def do_GET(self):
        id = int(self.path.rsplit("/", 1)[1])
        with asked_lock:
            asked[id] = attempt = asked.get(id, 0) + 1
        if id % 25 == 7:
            time.sleep(5)  # slow: longer than clients wait
        elif id % 25 == 13 and attempt < 3:
            return self.send_error(503)  # busy: come back later
        elif id % 25 == 19:
            return self.send_error(500)  # broken
        body = json.dumps({"id": id, "name": f"record {id}"}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    # ANCHOR_END: upstream
    def log_message(self, *args):  # no log line per request
        pass


class Server(ThreadingHTTPServer):
    request_queue_size = 64  # the listen backlog; the default, 5, is short for 10 clients at once


def report(outcomes):  # one line per record that did not arrive at the first attempt
    print(f"{RECORDS} records, at most {LIMIT} requests at a time:")
    for id, (outcome, attempts) in enumerate(outcomes):
        if isinstance(outcome, str):
            print(f"  record {id:>2}: {outcome}")
        elif attempts > 1:
            print(f"  record {id:>2}: {outcome['name']!r} after {attempts} attempts")
    first_time = sum(1 for outcome, attempts in outcomes if attempts == 1 and not isinstance(outcome, str))
    print(f"  the other {first_time}: at the first attempt")


# ANCHOR: client
def fetch(opener, url):  # a deadline on each socket operation, retries for 5xx answers
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with opener.open(url, timeout=TIMEOUT) as reply:
                return json.load(reply), attempt
        except urllib.error.HTTPError as e:
            if e.code < 500 or attempt == ATTEMPTS:
                return f"{e.code} {e.reason} after {attempt} attempts", attempt
            time.sleep(BACKOFF * 2 ** (attempt - 1))
        except TimeoutError:
            return f"timed out after {TIMEOUT * 1000:.0f}ms", attempt


server = Server(("127.0.0.1", 0), Upstream)  # port 0: the OS picks one
threading.Thread(target=server.serve_forever, daemon=True).start()
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
urls = [f"http://127.0.0.1:{server.server_port}/records/{id}" for id in range(RECORDS)]
with ThreadPoolExecutor(max_workers=LIMIT) as pool:  # at most LIMIT requests at a time
    outcomes = list(pool.map(lambda url: fetch(opener, url), urls))
server.shutdown()
# ANCHOR_END: client
report(outcomes)

