// The benchmark's peer (README "Benchmark"): node-oidc-provider with the device authorization
// grant on, state in memory, one public client allowed the device-code grant, on 127.0.0.1 at
// the port given as the first argument. Prints "PEER-READY <base URL>" once it listens.
//
// Started by dev.cliauth.bench.Peer from the directory where it installed oidc-provider.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Provider } from 'oidc-provider';

const port = Number.parseInt(process.argv[2] ?? '', 10);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node peer.mjs PORT');
  process.exit(2);
}
const base = `http://127.0.0.1:${port}`;

// State in a plain Map. The adapter oidc-provider bundles for development is an LRU of 1000
// entries (a device code takes two), so a pool of a few hundred codes would be evicted under load.
const store = new Map();

function live(key) {
  const entry = store.get(key);
  if (entry === undefined) {
    return undefined;
  }
  if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
    store.delete(key);
    return undefined;
  }
  return entry.value;
}

class InMemory {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined;
    store.set(this.key(id), { value: payload, expiresAt });
    if (payload.userCode) {
      store.set(`userCode:${payload.userCode}`, { value: id, expiresAt });
    }
    if (payload.uid) {
      store.set(`uid:${payload.uid}`, { value: id, expiresAt });
    }
    if (payload.grantId) {
      const members = live(`grant:${payload.grantId}`) ?? new Set();
      members.add(this.key(id));
      store.set(`grant:${payload.grantId}`, { value: members, expiresAt: undefined });
    }
  }

  async find(id) {
    return live(this.key(id));
  }

  async findByUserCode(userCode) {
    const id = live(`userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUid(uid) {
    const id = live(`uid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const payload = live(this.key(id));
    if (payload) {
      payload.consumed = Math.floor(Date.now() / 1000);
    }
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    const members = live(`grant:${grantId}`);
    if (members) {
      members.forEach((key) => store.delete(key));
      store.delete(`grant:${grantId}`);
    }
  }
}

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const provider = new Provider(base, {
  adapter: InMemory,
  clients: [{
    client_id: 'bench-cli',
    client_name: 'Bench CLI',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'ES256',
  }],
  ttl: { DeviceCode: 600 },
  features: {
    deviceFlow: { enabled: true },
    devInteractions: { enabled: false },
  },
  jwks: { keys: [{ ...signingKey, kid: 'bench', use: 'sig', alg: 'ES256' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
});

const server = createServer(provider.callback());
// As long as the JDK HTTP server local mode runs on keeps an idle connection (30 s).
server.keepAliveTimeout = 30_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`PEER-READY ${base}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
