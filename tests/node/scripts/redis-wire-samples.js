// Prints, as one JSON line, the exact bytes the official redis-emitter and notepack.io put on Redis channels,
// so the C# codec can be checked against them without a Redis server.
const msgpack = require("notepack.io");
const { Emitter } = require("@socket.io/redis-emitter");

const published = [];
const capture = { publish: (channel, message) => published.push({ channel, message }) };
const hex = (value) => Buffer.from(value).toString("hex");
const emitter = new Emitter(capture);

emitter.to("room1").emit("chat", "hello", 42, Buffer.from([1, 2, 3]));
emitter.emit("news", { a: 1.5, b: [true, false, null], c: -200 });
emitter.to("r1").to("r2").except("r3").volatile.emit("multi", 70000, "x".repeat(40));
emitter.of("/admin").emit("ping");
emitter.socketsJoin("room2");
emitter.in("room1").disconnectSockets(true);

const samples = published.map(({ channel, message }) => ({
  channel,
  hex: hex(typeof message === "string" ? Buffer.from(message, "utf8") : message),
  text: typeof message === "string" ? message : null,
}));

// An adapter broadcast exactly as @socket.io/redis-adapter 8.3 encodes it (lib/index.ts broadcast()).
const adapterBroadcast = msgpack.encode([
  "abc123",
  { type: 2, data: ["ev", Buffer.alloc(300, 7), 1e20, 0.25, -1, 4294967296], nsp: "/" },
  { rooms: ["a", "b"], except: [], flags: { timeout: 5000 } },
]);
samples.push({ channel: "adapter-broadcast", hex: hex(adapterBroadcast), text: null });

// A broadcast-with-ack request and an ack response (msgpack maps, lib/index.ts broadcastWithAck / onrequest).
samples.push({
  channel: "adapter-broadcast-ack-request",
  hex: hex(msgpack.encode({
    uid: "abc123", requestId: "req001", type: 7,
    packet: { type: 2, data: ["ask", 1], nsp: "/" },
    opts: { rooms: [], except: [], flags: { timeout: 1000 } },
  })),
  text: null,
});
samples.push({
  channel: "adapter-broadcast-ack-response",
  hex: hex(msgpack.encode({ type: 9, requestId: "req001", packet: Buffer.from("ok") })),
  text: null,
});

console.log(JSON.stringify({ samples }));
