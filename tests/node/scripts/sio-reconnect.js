// The server closes the connection (kick): the client reconnects on its own with a new socket id. The server
// disconnects the namespace only (leave-namespace): the client stays away until it reconnects by hand.
const { io } = require("socket.io-client");
const { run, once, emitWithAcks } = require("./sio-common");

run(async ({ url, transports = "websocket" }) => {
  const socket = io(url, {
    transports: transports.split(","),
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
    timeout: 5000,
  });
  await once(socket, "connect");
  const result = { firstId: socket.id };
  const kicked = once(socket, "disconnect");
  socket.emit("kick");
  result.kickReason = (await kicked)[0];
  await once(socket, "connect");
  result.secondId = socket.id;
  result.echoAfterReconnect = await emitWithAcks(socket, "echo", "back");

  const left = once(socket, "disconnect");
  socket.emit("leave-namespace");
  result.leaveReason = (await left)[0];
  socket.connect();
  await once(socket, "connect");
  result.thirdId = socket.id;
  result.echoAfterManualReconnect = await emitWithAcks(socket, "echo", "again");
  socket.disconnect();
  return result;
});
