// A company's OpenID provider for the company sign-in tests (CompanySignInTest): node-oidc-provider,
// the real protocol engine, with the authorization code flow, PKCE required and the test's key.
// Only the people's side is scripted: its login and consent screens finish at once, as whichever
// account the test last named at POST /test/login-as.
//
//   node upstream-provider.mjs PORT CONFIG.json
//
// CONFIG: {"issuer", "clients": [client metadata], "key": private JWK, "accounts": {id: claims}}.
// Prints "PROVIDER-READY <url>" once it listens on 127.0.0.1:PORT.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Provider } from 'oidc-provider';

const port = Number.parseInt(process.argv[2] ?? '', 10);
const config = JSON.parse(readFileSync(process.argv[3], 'utf8'));
let loginAs = Object.keys(config.accounts)[0];

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: { keys: [config.key] },
  findAccount: async (ctx, id) => (config.accounts[id] === undefined ? undefined : {
    accountId: id,
    claims: async () => ({ sub: id, ...config.accounts[id] }),
  }),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['cliauth-test-provider'] },
});

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: loginAs } }, { mergeWithLastSubmission: false });
    return;
  }
  const { prompt: { details: missing }, params, session: { accountId } } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) {
    grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  }
  if (missing.missingOIDCClaims) {
    grant.addOIDCClaims(missing.missingOIDCClaims);
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } },
    { mergeWithLastSubmission: true });
}

// Behind the test's proxy, which is the issuer: URLs are built from its X-Forwarded-Host.
provider.proxy = true;
const callback = provider.callback();
createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/test/login-as') {
      let body = '';
      for await (const chunk of req) {
        body += chunk;
      }
      loginAs = body.trim();
      res.writeHead(204).end();
    } else if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
      await interaction(req, res);
    } else {
      callback(req, res);
    }
  } catch (error) {
    console.error(error);
    if (!res.headersSent) {
      res.writeHead(500).end();
    }
  }
}).listen(port, '127.0.0.1', () => console.log(`PROVIDER-READY http://127.0.0.1:${port}`));
