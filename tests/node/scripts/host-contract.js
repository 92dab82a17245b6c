// Drives realtime-server's app contract (join/leave/publish/message and the publish API) with the official
// socket.io-client and prints what each client saw. Arguments: --url=http://127.0.0.1:PORT --token=API_TOKEN
const { io } = require("socket.io-client");
const args = require("./args")();

const withTimeout = (promise, what, ms = 5000) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms))]);
const connect = (name) => new Promise((resolve, reject) => {
  const socket = io(args.url, { reconnection: false, forceNew: true });
  socket.once("connect", () => resolve(socket));
  socket.once("connect_error", (e) => reject(new Error(`${name}: ${e.message}`)));
});
const ask = (socket, event, ...payload) => withTimeout(socket.emitWithAck(event, ...payload), `${event} ack`);
// Buffers, wherever they are in a value, as {binary: hex}, so the report shows what arrived as binary.
const describe = (value) => Buffer.isBuffer(value) ? { binary: value.toString("hex") }
  : Array.isArray(value) ? value.map(describe)
  : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]))
  : value;
const next = (socket, event) => withTimeout(new Promise((resolve) => socket.once(event, resolve)), `event ${event}`);

async function main() {
  const [a, b, c] = await Promise.all(["a", "b", "c"].map(connect));
  const seen = { a: [], b: [], c: [] };
  for (const [name, socket] of Object.entries({ a, b, c })) {
    socket.onAny((event, data) => seen[name].push([event, describe(data)]));
  }
  const out = { acks: {} };
  out.acks.joinA = await ask(a, "join", "r1");
  out.acks.joinB = await ask(b, "join", "r1");
  out.acks.publishRoom = await ask(a, "publish", { room: "r1", event: "chat", data: { n: 1 } });
  out.acks.leaveB = await ask(b, "leave", "r1");
  out.acks.publishAfterLeave = await ask(a, "publish", { room: "r1", event: "chat", data: { n: 2 } });
  out.acks.publishBinary = await ask(a, "publish", { room: "r1", event: "bin", data: Buffer.from([1, 2, 3]) });
  out.acks.publishNestedBinary = await ask(a, "publish",
    { room: "r1", event: "nested", data: { buf: Buffer.from([4, 5]), list: [1, { deep: Buffer.from([6]) }] } });
  out.acks.joinEmpty = await ask(a, "join", "");
  out.acks.publishReserved = await ask(a, "publish", { event: "disconnect", data: 1 });
  out.acks.publishNoObject = await ask(a, "publish", "text");
  const responses = Promise.all([a, b, c].map((s) => next(s, "response")));
  c.emit("message", "hello");
  await responses;
  if (args.token) {
    const post = (body) => fetch(`${args.url}/api/v1/emit`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${args.token}` },
      body: JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, body: await res.json() }));
    out.api = [await post({ event: "api", data: { from: "backend" }, room: "r1" })];
    const everyone = Promise.all([a, b, c].map((s) => next(s, "api-all")));
    out.api.push(await post({ event: "api-all", data: 7 }));
    await everyone;
  }
  // A final broadcast to everyone: each client's stream is ordered, so anything it should not have got is in by now.
  const last = Promise.all([a, b, c].map((s) => next(s, "end")));
  out.acks.publishAll = await ask(b, "publish", { event: "end", data: null });
  await last;
  out.seen = seen;
  out.pod = await fetch(`${args.url}/healthz`).then((res) => res.headers.get("x-realtime-pod"));
  out.transport = a.io.engine.transport.name;
  [a, b, c].forEach((s) => s.disconnect());
  console.log(JSON.stringify(out));
}

main().then(() => process.exit(0), (e) => { console.error(e.stack || String(e)); process.exit(1); });
