// Opens --count idle Engine.IO WebSocket sessions to --url with the official engine.io-client (or, with --raw=true,
// plain WebSockets with the ws package to compare against a bare server), prints
// {"opened":n} once all are open, answers the server's pings, and exits by itself after --hold ms.
const { Socket } = require("engine.io-client");
const WebSocket = require("ws");
const args = require("./args")();

const count = Number(args.count || 100);
const hold = Number(args.hold || 30000);
let opened = 0;
const sockets = [];

for (let i = 0; i < count; i++) {
  const socket = args.raw === "true"
    ? new WebSocket(args.url)
    : new Socket(args.url, { path: "/socket.io/", transports: ["websocket"] });
  socket.on("open", () => {
    opened++;
    if (opened === count) console.log(JSON.stringify({ opened }));
  });
  socket.on("error", (error) => {
    console.log(JSON.stringify({ error: String(error) }));
    process.exit(1);
  });
  sockets.push(socket);
}

setTimeout(() => {
  sockets.forEach((socket) => socket.close());
  process.exit(0);
}, hold);
