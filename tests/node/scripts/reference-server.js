// The benchmark's reference: a Node socket.io 4.8 server implementing the same app contract as realtime-server
// (join/leave/publish/message), optionally scaled out with @socket.io/redis-adapter 8.3 (classic pub/sub).
// Arguments: --port=N (0 picks one) --redis=redis://host:port (optional) --pod=name.
// Prints {"listening":port} once it accepts connections; exits on SIGTERM.
const http = require("http");
const { Server } = require("socket.io");
const args = require("./args")();

const pod = args.pod || "node-reference";
const reserved = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
const validRoom = (room) => typeof room === "string" && room.length > 0 && room.length <= 128;
const validEvent = (event) => typeof event === "string" && event.length > 0 && event.length <= 128 && !reserved.has(event);
const reply = (ack, payload) => { if (typeof ack === "function") ack(payload); };

const server = http.createServer((req, res) => {
  res.setHeader("X-Realtime-Pod", pod);
  if (req.url === "/healthz") { res.end("ok"); return; }
  res.statusCode = 404;
  res.end();
});
const io = new Server(server, { serveClient: false });

async function useRedis(url) {
  const { createAdapter } = require("@socket.io/redis-adapter");
  const Redis = require("ioredis");
  const pub = new Redis(url);
  const sub = pub.duplicate();
  io.adapter(createAdapter(pub, sub));
  await Promise.all([pub, sub].map((client) => new Promise((resolve) => client.once("ready", resolve))));
}

io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    if (!validRoom(room)) return reply(ack, { ok: false, error: "room must be a non-empty string of at most 128 characters" });
    socket.join(room);
    reply(ack, { ok: true, room });
  });
  socket.on("leave", (room, ack) => {
    if (!validRoom(room)) return reply(ack, { ok: false, error: "room must be a non-empty string of at most 128 characters" });
    socket.leave(room);
    reply(ack, { ok: true, room });
  });
  socket.on("publish", (message, ack) => {
    if (message === null || typeof message !== "object" || !validEvent(message.event)) {
      return reply(ack, { ok: false, error: "publish takes {room?, event, data} with a non-reserved event name" });
    }
    if (message.room !== undefined && !validRoom(message.room)) {
      return reply(ack, { ok: false, error: "room must be a non-empty string of at most 128 characters" });
    }
    (message.room === undefined ? io : io.to(message.room)).emit(message.event, message.data);
    reply(ack, { ok: true });
  });
  socket.on("message", (data) => io.emit("response", data));
});

process.on("SIGTERM", () => io.close(() => process.exit(0)));

(async () => {
  if (args.redis) await useRedis(args.redis);
  server.listen(Number(args.port || 0), "127.0.0.1", () => {
    console.log(JSON.stringify({ listening: server.address().port, pod }));
  });
})();
