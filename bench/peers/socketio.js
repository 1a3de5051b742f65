// Peer for ordercast's benchmark: the same workload on Socket.IO with rooms, the way its
// documentation does it: a channel is a room, subscribing joins it, publishing emits to it.
//   Socket.IO  /socket.io/   emit("subscribe", channel) -> emit("subscribed", channel)
//                            a client may also publish: emit("publish", {channel, type, data})
//   HTTP       POST /api/v1/publish {"channel","type","data"} -> 200 {"channel"}
// io.to(room).emit encodes the packet once for the whole room.
// Usage: node socketio.js [--port N]   (prints "listening on http://127.0.0.1:PORT" when ready)
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const portFlag = process.argv.indexOf('--port');
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 0;

function publish(io, channel, type, data) {
  io.to(channel).emit(type, { channel, timestamp: new Date().toISOString(), data });
}

const server = http.createServer();
const io = new Server(server, { serveClient: false });

// Socket.IO answers its own paths; everything else reaches this handler.
server.on('request', (req, res) => {
  if (req.url.startsWith('/socket.io/')) return;
  if (req.method !== 'POST' || req.url !== '/api/v1/publish') {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":{"code":"NOT_FOUND","message":"use POST /api/v1/publish or Socket.IO"}}');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString());
    } catch {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"INVALID_MESSAGE","message":"send a JSON body"}}');
      return;
    }
    publish(io, body.channel, body.type || 'message', body.data ?? {});
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ channel: body.channel }));
  });
});

io.on('connection', (socket) => {
  socket.on('subscribe', (channel) => {
    socket.join(channel);
    socket.emit('subscribed', channel);
  });
  socket.on('publish', (msg) => {
    if (msg && msg.channel) publish(io, msg.channel, msg.type || 'message', msg.data ?? {});
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
