"""The seed's chat app on Flask-SocketIO, ready for N pods.

One pod needs none of the environment below. On N pods the two lines that matter are the ``message_queue``
(the Redis URL the operator gives every pod in REDIS_URL) and an async server (eventlet) so that WebSocket works.
"""
import eventlet

eventlet.monkey_patch()

import os  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room, leave_room  # noqa: E402

POD_NAME = os.environ.get("POD_NAME", "local")

app = Flask(__name__)
# Without CORS_ORIGINS only same-origin pages may connect (Flask-SocketIO checks Origin against the Host).
cors = [origin for origin in os.environ.get("CORS_ORIGINS", "").split(",") if origin]
socketio = SocketIO(
    app,
    message_queue=os.environ.get("REDIS_URL"),  # None on one pod: no queue needed
    async_mode="eventlet",
    cors_allowed_origins=cors or None,
)


@app.route("/")
def index():
    return f"<!doctype html><title>chat</title><p>Served by {POD_NAME}.</p>"


@socketio.on("connect")
def on_connect():
    # Tells each client which pod holds its session, so the spread over pods is visible.
    emit("welcome", {"pod": POD_NAME, "sid": request.sid})


@socketio.on("message")
def on_message(data):
    emit("response", {"data": data, "pod": POD_NAME}, broadcast=True)
    return True


@socketio.on("join")
def on_join(room):
    join_room(room)
    return True


@socketio.on("leave")
def on_leave(room):
    leave_room(room)
    return True


@socketio.on("chat")
def on_chat(payload):
    emit("chat", {"text": payload["text"], "room": payload["room"], "pod": POD_NAME}, to=payload["room"])
    return True


if __name__ == "__main__":
    socketio.run(app, host=os.environ.get("HOST", "0.0.0.0"), port=int(os.environ.get("PORT", "5000")))
