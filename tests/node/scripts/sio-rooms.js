// Four clients on their own connections; all join "r", clients 0 and 1 also "vip". Client 3 broadcasts to "r"
// (everyone in it but itself), to "r" except "vip" (from the namespace, so itself included), and to client 0's own
// id room. After each step a marker broadcast to everyone tells each client that earlier messages have arrived.
const { io } = require("socket.io-client");
const { run, once, emitWithAcks } = require("./sio-common");

run(async ({ url, transports = "websocket" }) => {
  const clients = [0, 1, 2, 3].map(() =>
    io(url, { transports: transports.split(","), forceNew: true, reconnection: false, timeout: 5000 }));
  await Promise.all(clients.map((c) => once(c, "connect")));
  const received = clients.map(() => []);
  clients.forEach((c, i) => c.on("room-message", (m) => received[i].push(m)));
  const rooms = [];
  for (const [i, c] of clients.entries()) {
    rooms.push((await emitWithAcks(c, "join", "r"))[0]);
    if (i < 2) rooms[i] = (await emitWithAcks(c, "join", "vip"))[0];
  }

  let markers = 0;
  async function barrier() {
    const n = ++markers;
    const seen = clients.map((c) => new Promise((resolve) => {
      const onMarker = (m) => { if (m === n) { c.off("marker", onMarker); resolve(); } };
      c.on("marker", onMarker);
    }));
    clients[3].emit("marker", n);
    await Promise.all(seen);
  }

  clients[3].emit("to-room", "r", "to-r");
  await barrier();
  clients[3].emit("to-room-except", "r", "vip", "to-r-except-vip");
  await barrier();
  clients[3].emit("to-socket", clients[0].id, "to-client-0");
  await barrier();
  const result = { ids: clients.map((c) => c.id), rooms, received };
  clients.forEach((c) => c.disconnect());
  return result;
});
