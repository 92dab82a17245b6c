// The benchmark's reference: a Node socket.io 4.8 server implementing the same app contract as realtime-server
// (join/leave/publish/message), optionally scaled out with @socket.io/redis-adapter 8.3 (classic pub/sub).
// Arguments: --port=N (0 picks one) --redis=redis://host:port or redis+sentinel://[[user]:password@]h1:p1,h2:p2/db/master
// (optional; Sentinel through ioredis, the same credentials for the sentinels and the master) --pod=name
// --recovery=true (connection state recovery with socket.io's defaults; in memory, so on one pod without --redis:
// the classic Redis adapter cannot restore sessions). Prints {"listening":port} once it accepts connections, with
// recovery {"disconnected":socketId} once a socket's session is kept; exits on SIGTERM.
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
const recovery = args.recovery === "true";
const io = new Server(server, recovery ? { serveClient: false, connectionStateRecovery: {} } : { serveClient: false });

// redis+sentinel:// as realtime-server reads it, turned into ioredis' Sentinel options.
function sentinelOptions(url) {
  const rest = url.slice(url.indexOf("://") + 3);
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const [, db = "", name = ""] = (slash < 0 ? "" : rest.slice(slash)).split("/");
  const at = authority.lastIndexOf("@");
  const userInfo = at < 0 ? "" : authority.slice(0, at);
  const colon = userInfo.indexOf(":");
  const username = colon < 0 ? "" : decodeURIComponent(userInfo.slice(0, colon));
  const password = decodeURIComponent(colon < 0 ? userInfo : userInfo.slice(colon + 1));
  const sentinels = authority.slice(at + 1).split(",").map((hostPort) => {
    const i = hostPort.lastIndexOf(":");
    return i < 0 ? { host: hostPort, port: 26379 } : { host: hostPort.slice(0, i), port: Number(hostPort.slice(i + 1)) };
  });
  return {
    sentinels, name: decodeURIComponent(name) || "mymaster", db: Number(db || 0),
    username: username || undefined, password: password || undefined,
    sentinelUsername: username || undefined, sentinelPassword: password || undefined,
  };
}

async function useRedis(url) {
  const { createAdapter } = require("@socket.io/redis-adapter");
  const Redis = require("ioredis");
  const pub = /^rediss?\+sentinel:\/\//.test(url) ? new Redis(sentinelOptions(url)) : new Redis(url);
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
  // socket.io persists the session in its own "disconnect" handling, which runs before the socket's listeners.
  if (recovery) socket.on("disconnect", () => console.log(JSON.stringify({ disconnected: socket.id })));
});

process.on("SIGTERM", () => io.close(() => process.exit(0)));

(async () => {
  if (args.redis) await useRedis(args.redis);
  server.listen(Number(args.port || 0), "127.0.0.1", () => {
    console.log(JSON.stringify({ listening: server.address().port, pod }));
  });
})();
