// The demo page: a room chat that shows which pod each browser is pinned to and which pods a message crossed.
"use strict";

(() => {
  const MAX_MESSAGES = 200;
  const MAX_LOG = 20;
  const byId = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const state = { pod: "…", room: null };
  let reconnects = 0;

  byId("name").value = params.get("name") || `guest-${Math.floor(1000 + Math.random() * 9000)}`;
  byId("room").value = params.get("room") || "lobby";

  // Anything in a message comes from another browser: shown as text only, trimmed to a sane size.
  const text = (value, max) => String(value ?? "").slice(0, max);

  function log(line) {
    const item = document.createElement("li");
    item.textContent = `${new Date().toLocaleTimeString()} ${line}`;
    byId("log").prepend(item);
    while (byId("log").children.length > MAX_LOG) byId("log").lastElementChild.remove();
  }

  // The proxy pins the browser with a cookie, so any same-origin request reaches the pod the socket uses.
  async function refreshPod() {
    try {
      const response = await fetch(location.pathname, { method: "HEAD", cache: "no-store", credentials: "same-origin" });
      state.pod = response.headers.get("X-Realtime-Pod") || "unknown";
    } catch {
      state.pod = "unreachable";
    }
    byId("pod").textContent = state.pod;
  }

  const socket = io({ path: params.get("path") || "/socket.io/" });

  function showTransport() {
    byId("transport").textContent = socket.io.engine?.transport?.name ?? "none";
  }

  function join(room) {
    socket.emit("join", room, (reply) => {
      if (reply?.ok) {
        state.room = room;
        byId("joined").textContent = `in room ${room}`;
        log(`joined ${room} on ${state.pod}`);
      } else {
        byId("joined").textContent = text(reply?.error ?? "join refused", 200);
      }
    });
  }

  // Each (re)connection gets a new Engine.IO session: watch it upgrade from polling to websocket.
  socket.io.on("open", () => {
    showTransport();
    socket.io.engine.on("upgrade", () => {
      showTransport();
      log(`upgraded to ${socket.io.engine.transport.name}`);
    });
  });

  socket.on("connect", async () => {
    byId("connection").textContent = "connected";
    showTransport();
    await refreshPod();
    log(`connected to ${state.pod}`);
    // Rooms belong to a connection: after a reconnect the browser joins again, maybe on another pod.
    join(state.room ?? byId("room").value);
  });

  socket.on("disconnect", (reason) => {
    byId("connection").textContent = `disconnected (${reason})`;
    log(`disconnected: ${reason}`);
  });

  socket.on("connect_error", (error) => log(`connect error: ${error.message}`));

  socket.io.on("reconnect_attempt", (attempt) => {
    byId("connection").textContent = `reconnecting (attempt ${attempt})`;
  });

  socket.io.on("reconnect", () => {
    reconnects += 1;
    byId("reconnects").textContent = String(reconnects);
  });

  socket.on("chat", (message) => {
    const from = text(message?.pod, 63);
    const item = document.createElement("li");
    item.dataset.fromPod = from;
    item.dataset.deliveredBy = state.pod;
    item.dataset.text = text(message?.text, 500);
    if (from !== state.pod) item.classList.add("cross-pod");

    const who = document.createElement("strong");
    who.textContent = text(message?.name, 32);
    const body = document.createElement("span");
    body.className = "body";
    body.textContent = item.dataset.text;
    const route = document.createElement("span");
    route.className = "route";
    route.textContent = `sent via ${from} → delivered by ${state.pod}`;
    item.append(who, body, route);
    byId("messages").append(item);
    while (byId("messages").children.length > MAX_MESSAGES) byId("messages").firstElementChild.remove();
    item.scrollIntoView({ block: "nearest" });
  });

  byId("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const room = byId("room").value.trim();
    if (!room || room === state.room) return;
    if (state.room) socket.emit("leave", state.room, () => {});
    byId("messages").replaceChildren();
    join(room);
  });

  byId("send-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId("text");
    const message = input.value.trim();
    if (!message || !state.room) return;
    const data = { name: byId("name").value.trim(), text: message, pod: state.pod, sentAt: Date.now() };
    socket.emit("publish", { room: state.room, event: "chat", data }, (reply) => {
      if (!reply?.ok) log(`not sent: ${text(reply?.error, 200)}`);
    });
    input.value = "";
  });
})();
