// A Node socket.io 4.8 server on @socket.io/redis-adapter 8.3 (classic PUB/SUB), the interop peer of our servers.
// Same `join` event as the test hosts; prints {"listening":port}. --recovery=true turns on connectionStateRecovery. Control endpoints (JSON answers):
//   /control/emit?room=&event=&arg=            io.to(room).emit(event, arg)
//   /control/emit-with-ack?room=&event=        io.to(room).timeout(3000).emitWithAck(event) -> {responses}
//   /control/fetch?room=                        io.in(room).fetchSockets() -> {sockets:[{id, rooms}]}
//   /control/server-side-emit?event=&arg=       io.serverSideEmit(event, arg)
//   /control/server-side-emit-with-ack?event=   io.serverSideEmitWithAck(event, "ask") (3 s adapter timeout) -> {responses}
//   /control/server-count                       io.of("/").adapter.serverCount() -> {count}
//   /control/received                           server-side events received from other servers -> {events}
const http = require("http");
const { Server } = require("socket.io");
const Redis = require("ioredis");
const { createAdapter } = require("@socket.io/redis-adapter");
const args = require("./args")();

const pub = new Redis({ host: "127.0.0.1", port: Number(args.redisPort) });
const sub = pub.duplicate();
const received = [];

const reply = (res, status, body) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

const httpServer = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (!url.pathname.startsWith("/control/")) return;
  const q = Object.fromEntries(url.searchParams);
  const target = q.room ? io.to(q.room) : io;
  try {
    switch (url.pathname) {
      case "/control/emit":
        target.emit(q.event, q.arg === undefined ? undefined : JSON.parse(q.arg));
        return reply(res, 200, { ok: true });
      case "/control/emit-with-ack":
        return reply(res, 200, { responses: await target.timeout(3000).emitWithAck(q.event) });
      case "/control/fetch": {
        const sockets = await (q.room ? io.in(q.room) : io).fetchSockets();
        return reply(res, 200, { sockets: sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], url: s.handshake.url })) });
      }
      case "/control/server-side-emit":
        io.serverSideEmit(q.event, q.arg === undefined ? null : JSON.parse(q.arg));
        return reply(res, 200, { ok: true });
      case "/control/server-side-emit-with-ack":
        return reply(res, 200, { responses: await io.serverSideEmitWithAck(q.event, "ask") });
      case "/control/server-count":
        return reply(res, 200, { count: await io.of("/").adapter.serverCount() });
      case "/control/received":
        return reply(res, 200, { events: received });
      default:
        return reply(res, 404, { error: "unknown control" });
    }
  } catch (err) {
    return reply(res, 500, { error: err.message });
  }
});

// Control requests are answered above; socket.io must not also answer them.
const io = new Server(httpServer, {
  path: "/socket.io/",
  connectionStateRecovery: args.recovery === "true" ? { maxDisconnectionDuration: 120000 } : undefined,
});
// serverSideEmitWithAck has no per-call timeout: it waits the adapter's requestsTimeout for the other servers.
io.adapter(createAdapter(pub, sub, { requestsTimeout: 3000 }));
io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    socket.join(room);
    if (typeof ack === "function") ack();
  });
});
io.of("/").on("hello", (...eventArgs) => {
  const ack = typeof eventArgs[eventArgs.length - 1] === "function" ? eventArgs.pop() : null;
  received.push({ event: "hello", args: eventArgs });
  if (ack) ack("node-answer");
});

Promise.all([pub.ping(), sub.ping()]).then(() => {
  httpServer.listen(Number(args.port), "127.0.0.1", () => console.log(JSON.stringify({ listening: Number(args.port) })));
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
