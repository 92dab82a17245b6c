// One official socket.io-client (>= 4.6) for the connection state recovery tests, through --url (a sticky proxy:
// cookies are kept). On its first connect it joins --rooms (comma list, acknowledged `join`), then prints
// {"ready":id}; on every connect {"connected":id,"recovered":bool}; every event as {"event":...,"args":[...]} (the
// recovery offset, when the server sends one, is the last argument, as the client itself sees it); every disconnect
// as {"disconnected":reason}. Commands on stdin: `drop` closes the transport and stays away (reconnection off),
// `reconnect` connects again (presenting its pid and last offset).
const readline = require("readline");
const { io } = require("socket.io-client");
const args = require("./args")();

const print = (line) => console.log(JSON.stringify(line));
const rooms = (args.rooms || "").split(",").filter(Boolean);
const socket = io(args.url, {
  transports: ["websocket"],
  withCredentials: true,
  reconnectionDelay: 50,
  reconnectionDelayMax: 200,
  timeout: 5000,
});
let joined = false;
socket.on("connect", async () => {
  print({ connected: socket.id, recovered: socket.recovered });
  if (!joined) {
    joined = true;
    for (const room of rooms) await socket.timeout(5000).emitWithAck("join", room);
    print({ ready: socket.id });
  }
});
socket.on("connect_error", (err) => print({ connectError: err.message }));
socket.on("disconnect", (reason) => print({ disconnected: reason }));
socket.onAny((event, ...rest) => print({ event, args: rest }));

readline.createInterface({ input: process.stdin }).on("line", (command) => {
  if (command === "drop") {
    socket.io.reconnection(false);
    socket.io.engine.close();
  } else if (command === "reconnect") {
    socket.io.reconnection(true);
    socket.connect();
  }
});
process.stdin.on("end", () => process.exit(0));
