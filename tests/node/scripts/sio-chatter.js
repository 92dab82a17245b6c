// A well-behaved client that keeps exchanging messages (acked echoes, a window of them in flight) and checks that
// every answer came back intact.
const { io } = require("socket.io-client");
const { run, once, emitWithAcks } = require("./sio-common");

run(async ({ url, transports = "websocket", count = "300", window = "10" }) => {
  const socket = io(url, { transports: transports.split(","), reconnection: false, timeout: 5000 });
  await once(socket, "connect");
  let acked = 0;
  let mismatches = 0;
  let next = 0;
  async function worker() {
    while (next < Number(count)) {
      const n = next++;
      const [echo] = await emitWithAcks(socket, "echo", { n, text: `message ${n}` });
      if (echo.n === n && echo.text === `message ${n}`) acked++;
      else mismatches++;
    }
  }
  await Promise.all(Array.from({ length: Number(window) }, worker));
  const result = { sent: next, acked, mismatches, connected: socket.connected, transport: socket.io.engine.transport.name };
  socket.disconnect();
  return result;
}, { deadlineMs: 20000 });
