// Smoke script for the NodeScript helper: echoes its arguments and the versions of the pinned packages.
const args = require("./args")();
const versions = {
  "socket.io-client": require("socket.io-client/package.json").version,
};
console.log(JSON.stringify({ args, versions }));
