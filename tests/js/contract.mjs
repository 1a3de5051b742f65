// The AsyncAPI documents of docs/asyncapi/ as executable contracts: each message's payload
// compiled with Ajv (JSON Schema 2020-12), a frame matched to the messages its `type` (or
// `action`) names, and a record of which documented messages were seen. Used by
// asyncapi.test.mjs against the real binary.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

import { Client } from './support.mjs';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// '#/components/schemas/X' and '#/components/messages/M/payload' as pointers into one schema
// document whose $defs hold both.
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      let m = /^#\/components\/schemas\/([^/]+)$/.exec(v);
      if (m) { out[k] = `#/$defs/${m[1]}`; continue; }
      m = /^#\/components\/messages\/([^/]+)\/payload$/.exec(v);
      if (m) { out[k] = `#/$defs/message.${m[1]}`; continue; }
      throw new Error(`unsupported $ref ${v} in a schema`);
    }
    out[k] = rewriteRefs(v);
  }
  return out;
}

// '#/a/b/c' inside `doc`.
function pointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
  return ref.slice(2).split('/').reduce((n, key) => {
    const next = n?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (next === undefined) throw new Error(`dangling reference ${ref}`);
    return next;
  }, doc);
}

// The component key of a message reference (through channels' messages).
function messageKey(doc, ref) {
  for (let r = ref, seen = 0; seen < 5; ++seen) {
    const m = /^#\/components\/messages\/([^/]+)$/.exec(r);
    if (m) {
      pointer(doc, r);
      return m[1];
    }
    const target = pointer(doc, r);
    if (!target.$ref) throw new Error(`${ref} does not lead to components/messages`);
    r = target.$ref;
  }
  throw new Error(`${ref}: too many indirections`);
}

// The subschemas a payload gives its discriminating field (`type` or `action`), through allOf
// and component references.
function discriminatorParts(doc, schema, field, depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > 6) return [];
  if (schema.$ref) return discriminatorParts(doc, pointer(doc, schema.$ref), field, depth + 1);
  const parts = [];
  if (schema.properties?.[field] !== undefined) parts.push(schema.properties[field]);
  for (const sub of schema.allOf ?? []) parts.push(...discriminatorParts(doc, sub, field, depth + 1));
  return parts;
}

// The official JSON Schema of AsyncAPI 3.0.0 (draft-07), from @asyncapi/specs.
let specValidator;
export function asyncapiSpecErrors(doc) {
  if (!specValidator) {
    const require = createRequire(import.meta.url);
    const schema = require('@asyncapi/specs/schemas/3.0.0-without-$id.json');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    specValidator = ajv.compile(schema);
  }
  return specValidator(doc) ? [] : specValidator.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
}

export class Contract {
  // `name`: v1, factory, rooms, progress, shop or restaurant (docs/asyncapi/<name>.yaml).
  constructor(name) {
    this.name = name;
    this.path = join(REPO, 'docs', 'asyncapi', `${name}.yaml`);
    this.doc = parse(readFileSync(this.path, 'utf8'));
    if (this.doc.asyncapi !== '3.0.0') throw new Error(`${this.path}: asyncapi must be 3.0.0`);
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
    const defs = {};
    for (const [k, s] of Object.entries(this.doc.components?.schemas ?? {})) defs[k] = rewriteRefs(s);
    for (const [k, m] of Object.entries(this.doc.components?.messages ?? {})) defs[`message.${k}`] = rewriteRefs(m.payload);
    const id = `urn:ordercast:asyncapi:${name}`;
    this.ajv.addSchema({ $id: id, $defs: defs });

    // direction 'send': server → client; 'receive': client → server (the server's view).
    this.messages = { send: new Map(), receive: new Map() };
    for (const [opName, op] of Object.entries(this.doc.operations ?? {})) {
      if (op.action !== 'send' && op.action !== 'receive') throw new Error(`${opName}: action must be send or receive`);
      for (const ref of op.messages ?? []) {
        const key = messageKey(this.doc, ref.$ref);
        if (this.messages[op.action].has(key)) continue;
        const message = this.doc.components.messages[key];
        const field = ['type', 'action'].find((f) => discriminatorParts(this.doc, message.payload, f).length > 0) ?? null;
        let accepts = () => true;  // a message without a type or action takes any frame (shop's "any JSON")
        if (field) {
          const parts = discriminatorParts(this.doc, message.payload, field).map(rewriteRefs);
          const check = this.ajv.compile({ $id: `${id}:${key}:${field}`, $defs: defs, allOf: parts });
          accepts = (value) => check(value);
        }
        this.messages[op.action].set(key, {
          key, field, accepts, message,
          validate: this.ajv.getSchema(`${id}#/$defs/message.${key}`),
        });
      }
    }
    this.observed = { send: new Set(), receive: new Set() };
    this.failures = [];
    this.checked = { send: 0, receive: 0 };
  }

  // Checks one frame against the messages of `direction`; returns the key of the message it
  // is, or null (and records why in `failures`).
  check(frame, direction = 'send', where = '') {
    this.checked[direction] += 1;
    const say = (why) => {
      this.failures.push(`${this.name}${where ? ` ${where}` : ''}: ${why}\n  frame: ${JSON.stringify(frame)}`);
      return null;
    };
    if (!frame || typeof frame !== 'object' || Array.isArray(frame)) return say('not a JSON object');
    const field = 'type' in frame ? 'type' : 'action' in frame ? 'action' : null;
    const candidates = [...this.messages[direction].values()]
      .filter((m) => m.field === null || (m.field === field && m.accepts(frame[field])));
    if (candidates.length === 0)
      return say(`${direction === 'send' ? 'the server sent' : 'a client sent'} a frame whose ${field ?? 'type/action'} ` +
        `${JSON.stringify(frame[field])} the document does not list`);
    const errors = [];
    for (const m of candidates) {
      if (m.validate(frame)) {
        this.observed[direction].add(m.key);
        return m.key;
      }
      errors.push(`  as ${m.key}: ${this.ajv.errorsText(m.validate.errors, { separator: '; ', dataVar: 'frame' })}`);
    }
    return say(`matches none of the documented messages it could be:\n${errors.join('\n')}`);
  }

  // The failures recorded since the last call, which it forgets.
  takeFailures() {
    return this.failures.splice(0);
  }

  // The documented messages of `direction` never seen, less `exempt` (key → reason).
  unobserved(direction, exempt = {}) {
    return [...this.messages[direction].keys()].filter((k) => !this.observed[direction].has(k) && !(k in exempt));
  }

  // `x-message-row` values by direction ('in' / 'out'), and the messages that have neither a
  // row nor an `x-outside-message-table` reason.
  rows() {
    const rows = { in: new Set(), out: new Set() };
    const unaccounted = [];
    for (const [dir, way] of [['receive', 'in'], ['send', 'out']]) {
      for (const { key, message } of this.messages[dir].values()) {
        const row = message['x-message-row'];
        if (typeof row === 'string') {
          const m = /^(in|out) (.+)$/.exec(row);
          if (!m || m[1] !== way) unaccounted.push(`${key}: x-message-row '${row}' must start with '${way} '`);
          else rows[way].add(m[2]);
        } else if (!message['x-outside-message-table']) {
          unaccounted.push(`${key}: neither x-message-row nor x-outside-message-table`);
        }
      }
    }
    return { rows, unaccounted };
  }
}

// The rows of a dialect's messages() table, read from its source: {in: [...], out: [...]}.
export function dialectTableRows(dialect) {
  const source = readFileSync(join(REPO, 'src', 'protocol', 'dialects', `${dialect}_dialect.cpp`), 'utf8');
  const rows = { in: [], out: [] };
  for (const m of source.matchAll(/\{\s*message_row::way::(in|out),\s*"((?:[^"\\]|\\.)*)"/g)) rows[m[1]].push(m[2]);
  return rows;
}

// /v1's table (src/protocol/message_table.cpp): client message names and server_messages().
export function v1TableRows() {
  const source = readFileSync(join(REPO, 'src', 'protocol', 'message_table.cpp'), 'utf8');
  const client = [...source.matchAll(/\{\s*client_type::\w+,\s*"([^"]+)"/g)].map((m) => m[1]);
  const server = /k_server_messages\[\]\s*=\s*\{([^}]*)\}/.exec(source);
  if (!server) throw new Error('message_table.cpp: k_server_messages not found');
  return { in: client, out: [...server[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) };
}

// A client whose every received frame is checked against `contract` (and whose sent frames
// too, through send(); sendRaw() sends a frame the test means to be wrong).
export class CheckedClient extends Client {
  constructor(contract, url, protocols, options) {
    super(url, protocols, options);
    this.contract = contract;
    this.where = new URL(url).pathname;
    this.ws.on('message', (data) => {
      let frame;
      try { frame = JSON.parse(data.toString()); } catch { frame = data.toString(); }
      contract.check(frame, 'send', this.where);
    });
  }

  send(frame) {
    this.contract.check(frame, 'receive', this.where);
    super.send(frame);
  }

  sendRaw(frame) {
    super.send(frame);
  }
}

export async function connectChecked(contract, url, protocols, options) {
  const client = new CheckedClient(contract, url, protocols, options);
  await client.opened;
  return client;
}
