// Performs one @socket.io/redis-emitter 5.1 action against a Redis and exits, printing {"done":action}.
// --port (Redis), --action=emit|join|leave|disconnect, --room (optional target room), --event, --arg (JSON),
// --rooms (comma list, for join/leave), --nsp (default "/").
const Redis = require("ioredis");
const { Emitter } = require("@socket.io/redis-emitter");
const args = require("./args")();

async function main() {
  const redis = new Redis({ host: "127.0.0.1", port: Number(args.port), lazyConnect: true });
  await redis.connect();
  let emitter = new Emitter(redis);
  if (args.nsp) emitter = emitter.of(args.nsp);
  const target = args.room ? emitter.to(args.room) : emitter;
  const rooms = (args.rooms || "").split(",").filter(Boolean);
  switch (args.action) {
    case "emit": {
      const payload = args.arg === undefined ? [] : [JSON.parse(args.arg)];
      if (args.binary) payload.push(Buffer.from(args.binary, "hex"));
      target.emit(args.event, ...payload);
      break;
    }
    case "join": target.socketsJoin(rooms); break;
    case "leave": target.socketsLeave(rooms); break;
    case "disconnect": target.disconnectSockets(true); break;
    case "server-side-emit": emitter.serverSideEmit(args.event, JSON.parse(args.arg || "null")); break;
    default: throw new Error(`unknown action ${args.action}`);
  }
  // ioredis sends commands in order: a PING answered means every PUBLISH before it reached Redis.
  await redis.ping();
  await redis.quit();
  console.log(JSON.stringify({ done: args.action }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
