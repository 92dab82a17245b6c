// The same chat app on Node socket.io, ready for N pods: @socket.io/redis-adapter joins the pods through the
// Redis URL the operator gives every pod in REDIS_URL. One pod needs no REDIS_URL. With redis.highAvailability the
// URL is redis+sentinel://:password@sentinel1:26379,.../db/masterName, which ioredis takes as Sentinel options.
const http = require("http");
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/redis-adapter");
const Redis = require("ioredis");

const podName = process.env.POD_NAME || "local";
const port = Number(process.env.PORT || 3000);
const corsOrigins = (process.env.CORS_ORIGINS || "").split(",").filter(Boolean);

const httpServer = http.createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" });
    return res.end("ok");
  }
  res.writeHead(200, { "content-type": "text/html" });
  res.end(`<!doctype html><title>chat</title><p>Served by ${podName}.</p>`);
});

// No cors option means no CORS headers: only same-origin pages connect.
const io = new Server(httpServer, corsOrigins.length ? { cors: { origin: corsOrigins, credentials: true } } : {});

io.on("connection", (socket) => {
  socket.emit("welcome", { pod: podName, sid: socket.id });
  socket.on("message", (data, ack) => {
    io.emit("response", { data, pod: podName });
    if (typeof ack === "function") ack(true);
  });
  socket.on("join", (room, ack) => {
    socket.join(room);
    if (typeof ack === "function") ack(true);
  });
  socket.on("leave", (room, ack) => {
    socket.leave(room);
    if (typeof ack === "function") ack(true);
  });
  socket.on("chat", ({ room, text }, ack) => {
    io.to(room).emit("chat", { room, text, pod: podName });
    if (typeof ack === "function") ack(true);
  });
});

// ioredis has no URL form for Sentinel: the list of Sentinels, the master name and one password for both.
function redisOptions(url) {
  const sentinel = /^redis\+sentinel:\/\/(?:([^:@]*)(?::([^@]*))?@)?([^/]+)(?:\/(\d+)(?:\/([^/?]+))?)?\/?$/.exec(url);
  if (!sentinel) return url;
  const [, user, password, hosts, db, name] = sentinel;
  const secret = password === undefined ? undefined : decodeURIComponent(password);
  return {
    sentinels: hosts.split(",").map((hostPort) => {
      const at = hostPort.lastIndexOf(":");
      return at < 0 ? { host: hostPort, port: 26379 } : { host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) };
    }),
    name: name || "mymaster",
    db: Number(db || 0),
    username: user ? decodeURIComponent(user) : undefined,
    password: secret,
    sentinelPassword: secret,
  };
}

async function start() {
  if (process.env.REDIS_URL) {
    const pub = new Redis(redisOptions(process.env.REDIS_URL));
    const sub = pub.duplicate();
    await Promise.all([pub.ping(), sub.ping()]);
    io.adapter(createAdapter(pub, sub));
  }
  httpServer.listen(port, process.env.HOST || "0.0.0.0", () => console.log(`${podName} listening on ${port}`));
}

start().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
process.on("SIGTERM", () => io.close(() => process.exit(0)));
