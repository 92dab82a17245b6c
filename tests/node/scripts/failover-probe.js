// Cross-pod traffic for the failover benchmark, through the app contract so it drives ours and the Node reference
// alike. --urls=u0,u1,... : client c{j} connects to pod j and joins room p{j}; after "start" on stdin every client i
// publishes, every --interval ms (default 50), {from:i, to:j, seq, at} to room p{j} for every other pod j. Prints
// {"ready":true} once all joined, {"s":[from,to,seq,at]} per publish and {"r":[from,to,seq,at,receivedAt]} per
// receipt (times in Unix ms, the machine's clock); "stop" on stdin stops publishing.
const { io } = require("socket.io-client");
const readline = require("readline");
const args = require("./args")();

const urls = (args.urls || "").split(",").filter(Boolean);
const interval = Number(args.interval || 50);
let seq = 0;
let timer = null;
let joined = 0;

const sockets = urls.map((url, j) => {
  const socket = io(url, { transports: ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 500, timeout: 5000 });
  socket.on("connect", async () => {
    await socket.timeout(5000).emitWithAck("join", `p${j}`);
    if (++joined === urls.length) console.log(JSON.stringify({ ready: true }));
  });
  socket.on("m", (m) => console.log(JSON.stringify({ r: [m.from, m.to, m.seq, m.at, Date.now()] })));
  return socket;
});

function publishRound() {
  sockets.forEach((socket, i) => {
    if (!socket.connected) return;
    urls.forEach((_, j) => {
      if (i === j) return;
      const m = { from: i, to: j, seq: ++seq, at: Date.now() };
      console.log(JSON.stringify({ s: [m.from, m.to, m.seq, m.at] }));
      socket.emit("publish", { room: `p${j}`, event: "m", data: m });
    });
  });
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "start" && !timer) timer = setInterval(publishRound, interval);
  if (line.trim() === "stop" && timer) { clearInterval(timer); timer = null; console.log(JSON.stringify({ stopped: true })); }
});
process.stdin.on("end", () => process.exit(0));
