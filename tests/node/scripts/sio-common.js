// Helpers shared by the sio-*.js client scripts: argument parsing, a deadline, JSON result output.
const parseArgs = require("./args");

function run(main, { deadlineMs = 9000 } = {}) {
  const args = parseArgs();
  const timer = setTimeout(() => finish({ error: `deadline of ${deadlineMs} ms passed` }, 1), deadlineMs);
  Promise.resolve()
    .then(() => main(args))
    .then((result) => finish(result, 0))
    .catch((error) => finish({ error: String((error && error.stack) || error) }, 1));

  function finish(result, code) {
    clearTimeout(timer);
    console.log(JSON.stringify(result));
    process.exit(code);
  }
}

// Resolves with the first emission of an event (all its arguments).
function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

// Emits with a callback and a timeout; resolves with the ack's arguments.
function emitWithAcks(socket, event, ...args) {
  return new Promise((resolve, reject) =>
    socket.timeout(5000).emit(event, ...args, (err, ...response) => (err ? reject(err) : resolve(response))));
}

// Binary values come back as Buffers (Node client); describe them so the C# side can compare.
function describe(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) return { binary: Array.from(Buffer.from(value)) };
  return value;
}

module.exports = { run, once, emitWithAcks, describe };
