// Drives our Engine.IO server with the official engine.io-client: opens a session with the given transports, sends
// text and binary messages, collects the echoes, and reports what happened as one JSON line.
const { Socket } = require("engine.io-client");
const args = require("./args")();

const url = args.url;
const transports = (args.transports || "polling,websocket").split(",");
const count = Number(args.count || 20);
const timeoutMs = Number(args.timeout || 8000);

const socket = new Socket(url, { path: "/socket.io/", transports, upgrade: args.upgrade !== "false" });
const result = { transportAtOpen: null, transportAtEnd: null, upgraded: false, texts: [], binaries: [], closeReason: null };

const finish = (error) => {
  result.transportAtEnd = socket.transport ? socket.transport.name : null;
  if (error) result.error = String(error);
  console.log(JSON.stringify(result));
  socket.close();
  process.exit(error ? 1 : 0);
};

const timer = setTimeout(() => finish(new Error("timed out")), timeoutMs);

const sendAll = () => {
  for (let i = 0; i < count; i++) {
    socket.send(`text-${i}-é`);
    socket.send(Uint8Array.from([i, 255 - i, 0]));
  }
};

socket.on("open", () => {
  result.transportAtOpen = socket.transport.name;
  if (transports.includes("websocket") && transports.includes("polling") && args.upgrade !== "false") {
    socket.on("upgrade", () => {
      result.upgraded = true;
      sendAll();
    });
  } else {
    sendAll();
  }
});

socket.on("message", (data) => {
  if (typeof data === "string") result.texts.push(data);
  else result.binaries.push(Array.from(new Uint8Array(data)));
  if (result.texts.length === count && result.binaries.length === count) {
    clearTimeout(timer);
    finish();
  }
});

socket.on("close", (reason) => {
  result.closeReason = reason;
});

socket.on("error", (error) => finish(error));
