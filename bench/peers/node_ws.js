// Peer for ordercast's benchmark: the same workload on Node.js with the `ws` package,
// written the way ws's README does a broadcast server.
//   WebSocket  /ws?token=...   {"type":"subscribe","data":{"channels":[C,...]}}
//                              -> {"type":"subscription_confirmed","data":{"channels":[...]}}
//              a client may also publish: {"type":"publish","data":{"channel","type","data"}}
//   HTTP       POST /api/v1/publish {"channel","type","data"} -> 200 {"channel","delivered"}
// Each event is serialized once and the same string sent to every subscriber of the channel.
// Usage: node node_ws.js [--port N]   (prints "listening on http://127.0.0.1:PORT" when ready)
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const portFlag = process.argv.indexOf('--port');
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 0;
const channels = new Map(); // channel name -> Set of sockets

function publish(channel, type, data) {
  const subscribers = channels.get(channel);
  if (!subscribers) return 0;
  const message = JSON.stringify({ type, channel, timestamp: new Date().toISOString(), data });
  for (const ws of subscribers) ws.send(message);
  return subscribers.size;
}

function subscribe(ws, names) {
  for (const name of names) {
    let set = channels.get(name);
    if (!set) channels.set(name, (set = new Set()));
    set.add(ws);
    ws.channels.add(name);
  }
}

function unsubscribeAll(ws) {
  for (const name of ws.channels) {
    const set = channels.get(name);
    if (!set) continue;
    set.delete(ws);
    if (set.size === 0) channels.delete(name);
  }
}

function readJson(req, res, onBody) {
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
    onBody(body);
  });
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/v1/publish') {
    readJson(req, res, (body) => {
      const delivered = publish(body.channel, body.type || 'message', body.data ?? {});
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ channel: body.channel, delivered }));
    });
    return;
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end('{"error":{"code":"NOT_FOUND","message":"use POST /api/v1/publish or WebSocket /ws"}}');
});

const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => {
  ws.channels = new Set();
  ws.on('message', (raw) => {
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      ws.close(1003, 'INVALID_MESSAGE');
      return;
    }
    if (msg.type === 'subscribe') {
      const names = (msg.data && msg.data.channels) || [];
      subscribe(ws, names);
      ws.send(JSON.stringify({ type: 'subscription_confirmed', data: { channels: names } }));
    } else if (msg.type === 'publish' && msg.data) {
      publish(msg.data.channel, msg.data.type || 'message', msg.data.data ?? {});
    }
  });
  ws.on('close', () => unsubscribeAll(ws));
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
