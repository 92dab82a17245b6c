// A write-only emitter, as a Node worker or API service runs it: @socket.io/redis-emitter publishes to the pods
// through Redis without a Socket.IO server of its own.
//   REDIS_URL=redis://:password@host:6379 node emit.js EVENT JSON [ROOM]
const Redis = require("ioredis");
const { Emitter } = require("@socket.io/redis-emitter");

async function main() {
  const [event, json, room] = process.argv.slice(2);
  const redis = new Redis(process.env.REDIS_URL);
  const emitter = new Emitter(redis);
  (room ? emitter.to(room) : emitter).emit(event, JSON.parse(json));
  // Commands go out in order: the PING's answer means the PUBLISH before it reached Redis.
  await redis.ping();
  await redis.quit();
  console.log(JSON.stringify({ emitted: event, room: room || null }));
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
