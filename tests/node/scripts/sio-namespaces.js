// Namespaces over one connection: /admin with a good token, a bad token (middleware rejection), an unknown
// namespace, and leaving /admin while / stays connected.
const { io } = require("socket.io-client");
const { run, once, emitWithAcks } = require("./sio-common");

function connectError(socket) {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error("connected but should not have")));
    socket.once("connect_error", (err) => resolve({ message: err.message, data: err.data }));
  });
}

run(async ({ url, transports = "websocket" }) => {
  const options = { transports: transports.split(","), reconnection: false, timeout: 5000 };
  const main = io(url, options);
  await once(main, "connect");
  const admin = io(`${url}/admin`, { ...options, auth: { token: "secret", user: "ann" } });
  const [auth, adminId] = await once(admin, "welcome");
  const result = {
    sameEngine: main.io === admin.io,
    welcomeAuth: auth,
    adminIdMatches: adminId === admin.id,
    mainId: main.id,
    adminId: admin.id,
  };

  const wrong = io(`${url}/admin`, { ...options, forceNew: true, auth: { token: "wrong" } });
  result.rejected = await connectError(wrong);
  wrong.close();

  const unknown = io(`${url}/nope`, { ...options, forceNew: true });
  result.unknown = await connectError(unknown);
  unknown.close();

  admin.disconnect();
  result.mainAfterAdminLeft = await emitWithAcks(main, "echo", "still here");
  result.mainConnected = main.connected;
  main.disconnect();
  return result;
});
