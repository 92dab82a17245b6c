// Long-running socket.io-client peers for the Redis backplane tests. Each --clients entry is
// name@url#room1+room2 (rooms optional); every client connects, asks the server to join its rooms with the
// `join` event (acknowledged), prints {"ready":name,"id":...}, then prints every event it receives as
// {"client":name,"event":...,"args":[...],"at":<Date.now()>} (binary arguments as {"hex":...}) and acknowledges events that ask
// for it with {"client":name}. Options: --transports=websocket|polling,websocket (default: the client's default),
// --credentials=true to keep cookies (a proxy's sticky cookie) as a browser does.
const { io } = require("socket.io-client");
const args = require("./args")();

const printable = (value) => {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { hex: Buffer.from(value).toString("hex") };
  }
  if (Array.isArray(value)) return value.map(printable);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]));
  }
  return value;
};

const specs = (args.clients || "").split(",").filter(Boolean);
const transports = args.transports ? args.transports.split(",") : undefined;
for (const spec of specs) {
  const [head, roomList = ""] = spec.split("#");
  const [name, url] = head.split("@");
  const rooms = roomList.split("+").filter(Boolean);
  const socket = io(url, {
    transports,
    withCredentials: args.credentials === "true",
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    timeout: 5000,
  });
  socket.on("connect", async () => {
    for (const room of rooms) {
      await socket.timeout(5000).emitWithAck("join", room);
    }
    console.log(JSON.stringify({ ready: name, id: socket.id }));
  });
  socket.on("connect_error", (err) => console.log(JSON.stringify({ connectError: name, message: err.message })));
  socket.on("disconnect", (reason) => console.log(JSON.stringify({ disconnected: name, reason })));
  socket.onAny((event, ...rest) => {
    const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
    console.log(JSON.stringify({ client: name, event, args: printable(rest), at: Date.now() }));
    if (ack) ack({ client: name });
  });
}
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
