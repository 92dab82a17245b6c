// Connects one socket.io-client over WebSocket (no affinity needed), emits --event with the JSON --arg, waits for
// the server's acknowledgement and exits, printing {"sent":event}.
const { io } = require("socket.io-client");
const { run, emitWithAcks } = require("./sio-common");

run(async ({ url, event, arg = "null" }) => {
  const socket = io(url, { transports: ["websocket"], reconnection: false, timeout: 5000 });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  await emitWithAcks(socket, event, JSON.parse(arg));
  socket.disconnect();
  return { sent: event };
});
