// Connects one socket.io-client to --url, sends the app contract's `publish` {room, event, data} with an ack,
// prints {"ack":...} and exits.
const { io } = require("socket.io-client");
const args = require("./args")();

const socket = io(args.url, { withCredentials: true, transports: args.transports ? args.transports.split(",") : undefined });
socket.on("connect", async () => {
  const ack = await socket.timeout(5000).emitWithAck("publish", {
    room: args.room || null,
    event: args.event,
    data: JSON.parse(args.data || "null"),
  });
  console.log(JSON.stringify({ ack }));
  socket.close();
});
socket.on("connect_error", (err) => {
  console.error(err.message);
  process.exit(1);
});
