// Node preload (`node -r ./loopback-only.js …`): every server this process starts listens on 127.0.0.1 only.
// The Microsoft 365 Agents Playground calls `server.listen(port)` with no host, which is all interfaces; tests must
// not open a port to the network (README.md, "Teams": servers the tests start bind 127.0.0.1 only).
'use strict';
const net = require('net');

const listen = net.Server.prototype.listen;
// http.Server and https.Server inherit listen from net.Server, so one patch covers them all.
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0])) {
    if (args[0].path === undefined) args[0] = { ...args[0], host: '127.0.0.1' };
    return listen.apply(this, args);
  }
  if (typeof args[0] === 'string' && !/^\d+$/.test(args[0])) return listen.apply(this, args); // a pipe or socket path
  // listen(port?, host?, backlog?, callback?): drop a given host, put 127.0.0.1 in its place.
  const port = typeof args[0] === 'function' ? 0 : args.shift();
  if (typeof args[0] === 'string') args.shift();
  return listen.call(this, port ?? 0, '127.0.0.1', ...args);
};
