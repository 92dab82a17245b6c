// Parses --key=value arguments (the form NodeScript passes) into an object.
module.exports = function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/s.exec(arg);
    if (m) out[m[1]] = m[2];
  }
  return out;
};
