// Opens a session with the official engine.io-client (after the upgrade, when it can take place), closes it, prints
// {"transport", "closeReason"} and then simply ends: no process.exit, so the process lasts until the server has ended
// the TCP connection (ws waits up to 30 s for the server to do so after the close handshake).
const { Socket } = require("engine.io-client");
const args = require("./args")();

const transports = (args.transports || "polling,websocket").split(",");
const socket = new Socket(args.url, { path: "/socket.io/", transports });
const upgrades = transports.includes("polling") && transports.includes("websocket");

const close = () => {
  const transport = socket.transport.name;
  socket.on("close", (reason) => console.log(JSON.stringify({ transport, closeReason: reason })));
  socket.close();
};

// Not from within the "upgrade" handler: the client still counts itself upgrading there and would wait for another.
socket.on("open", () => (upgrades ? socket.on("upgrade", () => setImmediate(close)) : close()));
socket.on("error", (error) => {
  console.error(String(error));
  process.exit(1);
});
