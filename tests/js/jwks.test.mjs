// Keys from the issuer's JWKS endpoint (auth.jwks_url), served on loopback by this test: tokens
// signed with the published keys are accepted over REST and WebSocket; when the issuer rotates
// (a new kid appears, the old one goes), the first token with the new kid is refused at once and
// asks for a refresh, after which it is accepted and the withdrawn key is refused; refreshes are
// rate-limited however many unknown kids arrive; an unreachable endpoint stops the start-up.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { connect, startServer } from './support.mjs';

const b64url = (s) => Buffer.from(s).toString('base64url');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function keyPair(kind) {
  return kind === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

const jwk = (pair, kid) => ({ ...pair.publicKey.export({ format: 'jwk' }), kid, use: 'sig' });

// A token as the issuer signs it: RS256 (PKCS#1 v1.5) or ES256 (r||s), naming its key.
function issue(alg, pair, kid, claims = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: 'u1', role: 'manager', site: 's1', iat: now, exp: now + 600, ...claims };
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT', kid }))}.${b64url(JSON.stringify(payload))}`;
  const key = alg === 'ES256' ? { key: pair.privateKey, dsaEncoding: 'ieee-p1363' } : pair.privateKey;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

// The issuer's endpoint: serves `keys` as a JWKS document and counts the fetches; over https
// when given a certificate ({key, cert}).
async function startIssuer(tls) {
  const issuer = { keys: [], fetches: 0 };
  const handler = (req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    issuer.fetches += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: issuer.keys }));
  };
  issuer.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
  const host = tls ? 'localhost' : '127.0.0.1';
  issuer.url = `${tls ? 'https' : 'http'}://${host}:${issuer.server.address().port}/.well-known/jwks.json`;
  issuer.stop = () => new Promise((resolve) => issuer.server.close(resolve));
  return issuer;
}

const serverWith = (issuer, alg, limitS = 1, env = {}) => startServer({
  ORDERCAST_AUTH_JWT_SECRET: '',
  ORDERCAST_AUTH_JWT_ALGORITHM: alg,
  ORDERCAST_AUTH_JWKS_URL: issuer.url,
  ORDERCAST_AUTH_JWKS_REFRESH_LIMIT_S: String(limitS),
  ...env,
});

// A self-signed certificate for localhost (openssl CLI), in a directory of its own.
function localhostCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'ordercast-jwks-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
  { stdio: 'ignore' });
  return {
    dir, certFile: join(dir, 'cert.pem'),
    tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
  };
}

async function listOrders(server, token) {
  const res = await fetch(server.http('/api/v1/orders'), {
    headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000),
  });
  const body = await res.json();
  return { status: res.status, code: body?.error?.code, message: body?.error?.message };
}

// Polls until `token` is accepted over REST (the refresh it asked for has run), or 10 s pass.
async function acceptedAfterRefresh(server, token) {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if ((await listOrders(server, token)).status === 200) return true;
    await sleep(50);
  }
  return false;
}

for (const alg of ['RS256', 'ES256']) {
  describe(`keys from a JWKS endpoint (${alg})`, () => {
    let issuer;
    let server;
    const first = keyPair(alg);
    const second = keyPair(alg);
    before(async () => {
      issuer = await startIssuer();
      issuer.keys = [jwk(first, 'key-1')];
      server = await serverWith(issuer, alg);
    });
    after(async () => {
      await server?.stop();
      await issuer?.stop();
    });

    it('accepts tokens signed with a published key, over REST and WebSocket', async () => {
      assert.equal(issuer.fetches, 1, 'fetched once at start-up');
      assert.match(server.output(), /auth: 1 key \(key-1\) from http:\/\/127\.0\.0\.1/);
      assert.equal((await listOrders(server, issue(alg, first, 'key-1'))).status, 200);
      const client = await connect(server.url(`/v1?token=${issue(alg, first, 'key-1', { sub: 'ws-user' })}`));
      const hello = await client.next();
      assert.equal(hello?.type, 'connection_established');
      assert.equal(hello.data.userId, 'ws-user');
      client.close();
    });

    it('refuses a token signed with an unpublished key even when it names a published kid', async () => {
      const forged = await listOrders(server, issue(alg, second, 'key-1'));
      assert.equal(forged.status, 401);
      assert.equal(forged.code, 'AUTHENTICATION_FAILED');
    });

    it('follows a key rotation: the new kid after a refresh, the withdrawn one refused', async () => {
      const before = issuer.fetches;
      issuer.keys = [jwk(second, 'key-2')];
      const rotated = issue(alg, second, 'key-2');
      const early = await listOrders(server, rotated);
      assert.equal(early.status, 401, 'refused at once while the refresh runs');
      assert.equal(early.code, 'AUTHENTICATION_FAILED');
      assert.match(early.message, /retry/);
      assert.ok(await acceptedAfterRefresh(server, rotated), 'the new key is accepted after the refresh');
      assert.equal(issuer.fetches, before + 1, 'one refresh');
      const withdrawn = await listOrders(server, issue(alg, first, 'key-1'));
      assert.equal(withdrawn.status, 401, 'the withdrawn key is refused');
      const client = await connect(server.url(`/v1?token=${issue(alg, first, 'key-1', { sub: 'late' })}`));
      assert.equal((await client.next())?.data?.code, 'AUTHENTICATION_FAILED');
      assert.equal((await client.waitClosed())?.code, 1008);
    });

    it('fetches at most once per auth.jwks_refresh_limit_s however many unknown kids arrive', async () => {
      const before = issuer.fetches;
      const started = Date.now();
      let sent = 0;
      while (Date.now() - started < 2500) {
        const r = await listOrders(server, issue(alg, second, `unknown-${sent++}`));
        assert.equal(r.status, 401);
      }
      const seconds = (Date.now() - started) / 1000;
      assert.ok(sent > 20, `sent ${sent} tokens`);
      const fetched = issuer.fetches - before;
      assert.ok(fetched >= 1 && fetched <= Math.ceil(seconds) + 1,
        `${fetched} fetches for ${sent} unknown kids in ${seconds.toFixed(1)} s with a 1 s limit`);
    });
  });
}

describe('an unreachable JWKS endpoint', () => {
  it('stops the start-up with a message that names auth.jwks_url', async () => {
    const issuer = await startIssuer();
    const url = issuer.url;
    await issuer.stop();  // nothing listens on its port any more
    await assert.rejects(serverWith({ url }, 'RS256'), (e) => {
      assert.match(e.message, /auth\.jwks_url: cannot fetch the issuer's keys from http:\/\/127\.0\.0\.1/);
      return true;
    });
  });

  it('stops the start-up when the document holds no key of the configured algorithm', async () => {
    const issuer = await startIssuer();
    issuer.keys = [jwk(keyPair('ES256'), 'ec-only')];
    try {
      await assert.rejects(serverWith(issuer, 'RS256'), /auth\.jwks_url: .*no RS256 key/);
    } finally {
      await issuer.stop();
    }
  });
});

describe('a JWKS endpoint over https', () => {
  it('is fetched when its certificate is trusted and refused when it is not', async () => {
    const certificate = localhostCertificate();
    const issuer = await startIssuer(certificate.tls);
    const pair = keyPair('RS256');
    issuer.keys = [jwk(pair, 'tls-1')];
    try {
      // SSL_CERT_FILE is OpenSSL's trust store for the server process.
      const server = await serverWith(issuer, 'RS256', 1, { SSL_CERT_FILE: certificate.certFile });
      try {
        assert.equal((await listOrders(server, issue('RS256', pair, 'tls-1'))).status, 200);
      } finally {
        await server.stop();
      }
      await assert.rejects(serverWith(issuer, 'RS256'), /auth\.jwks_url: .*certificate verify failed/);
    } finally {
      await issuer.stop();
      rmSync(certificate.dir, { recursive: true, force: true });
    }
  });
});
