// Subscribes to one channel and never answers: a server that is counted by PUBSUB NUMSUB but stays silent.
const Redis = require("ioredis");
const args = require("./args")();
const redis = new Redis({ host: "127.0.0.1", port: Number(args.port) });
redis.subscribe(args.channel).then(() => console.log(JSON.stringify({ subscribed: args.channel })));
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
