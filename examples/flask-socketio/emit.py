"""A write-only emitter, as a Celery or RQ worker runs it: no Flask app, only the message queue.

    REDIS_URL=redis://:password@host:6379 python3 emit.py EVENT JSON [ROOM]
"""
import json
import os
import sys

from flask_socketio import SocketIO


def main():
    event, data = sys.argv[1], json.loads(sys.argv[2])
    room = sys.argv[3] if len(sys.argv) > 3 else None
    socketio = SocketIO(message_queue=os.environ["REDIS_URL"])
    socketio.emit(event, data, to=room)
    print(json.dumps({"emitted": event, "room": room}))


if __name__ == "__main__":
    main()
