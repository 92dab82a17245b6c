"""python-socketio clients over long-polling only, each with its own session (and so its own cookie jar).

    socketio-clients.py URL COUNT EVENT

Prints {"ready": [pod, ...]} once every client got the app's welcome, then {"received": n} when each client got
EVENT once, and exits; exits 1 with {"error": ...} after 20 s.
"""
import json
import sys
import threading

import socketio


def main():
    url, count, event = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    welcomed = []
    received = threading.Semaphore(0)
    all_welcomed = threading.Event()
    lock = threading.Lock()
    clients = []
    for _ in range(count):
        client = socketio.Client(reconnection=False)

        @client.on("welcome")
        def on_welcome(data):
            with lock:
                welcomed.append(data["pod"])
                if len(welcomed) == count:
                    all_welcomed.set()

        @client.on(event)
        def on_event(data):
            received.release()

        client.connect(url, transports=["polling"], wait_timeout=10)
        clients.append(client)

    if not all_welcomed.wait(20):
        fail(f"welcomed {len(welcomed)} of {count}")
    print(json.dumps({"ready": sorted(welcomed)}), flush=True)
    for _ in range(count):
        if not received.acquire(timeout=20):
            fail(f"not every client received {event}")
    print(json.dumps({"received": count}), flush=True)
    for client in clients:
        client.disconnect()


def fail(message):
    print(json.dumps({"error": message}), flush=True)
    sys.exit(1)


if __name__ == "__main__":
    main()
