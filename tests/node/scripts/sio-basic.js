// One client over the given transports: acks both ways, binary both ways, server events; reports the transport
// in use at the end (to see an upgrade happen) and both ids.
const { io } = require("socket.io-client");
const { run, once, emitWithAcks, describe } = require("./sio-common");

run(async ({ url, transports = "polling,websocket", upgrade = "true" }) => {
  const socket = io(url, {
    transports: transports.split(","),
    upgrade: upgrade === "true",
    reconnection: false,
    timeout: 5000,
  });
  socket.on("question", (n, callback) => callback(n * 2));
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const result = { id: socket.id, engineId: socket.io.engine.id };
  result.ack = await emitWithAcks(socket, "echo", "hello", { n: 1, s: "é✓" }, [1, 2, 3], null);
  const binaryAck = await emitWithAcks(socket, "echo", Buffer.from([1, 2, 3, 250]), "text", Buffer.alloc(0));
  result.binaryAck = binaryAck.map(describe);
  const echoed = once(socket, "echo-event");
  socket.emit("echo-event", Buffer.from([9, 8, 7]), { k: "v" });
  result.binaryEvent = (await echoed).map(describe);
  const answer = once(socket, "answer");
  socket.emit("ask-client", 21);
  result.answer = (await answer)[0];
  if (upgrade === "true" && transports.includes("websocket")) {
    if (socket.io.engine.transport.name !== "websocket") await once(socket.io.engine, "upgrade");
    result.afterUpgrade = await emitWithAcks(socket, "echo", "after upgrade");
  }
  result.transport = socket.io.engine.transport.name;
  socket.disconnect();
  return result;
});
