// A CLI written for WorkOS AuthKit's CLI Auth, in the shape of WorkOS's guide: request a device
// authorization, show the code, poll /user_management/authenticate honouring authorization_pending
// and slow_down. Nothing here knows about cliauth: the only change from a WorkOS CLI is the host,
// given as the first argument (WorkOsCliAuthTest runs it with Node against local mode).
//
//   node workos-cli-auth.mjs http://localhost:8080 demo-cli
//
// Prints one JSON line with what the user must see (and the device code, so the test can play a
// request retried on the way), one line per poll's answer, then one with the outcome.

const host = process.argv[2]; // WorkOS: 'https://api.workos.com'
const clientId = process.argv[3];

const response = await fetch(`${host}/user_management/authorize/device`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ client_id: clientId }),
});
const data = await response.json();
if (!response.ok) {
  console.log(JSON.stringify({ outcome: 'failed', status: response.status, data }));
  process.exit(1);
}
console.log(JSON.stringify({
  device_code: data.device_code,
  user_code: data.user_code,
  verification_uri: data.verification_uri,
  verification_uri_complete: data.verification_uri_complete,
}));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Watches the loop from outside, leaving its text alone: every answer of the token endpoint is
// printed as {"polled": error-or-"ok"} before the loop reads it.
const unwatchedFetch = globalThis.fetch;
globalThis.fetch = async (url, options) => {
  const answer = await unwatchedFetch(url, options);
  if (String(url).endsWith('/user_management/authenticate')) {
    const body = await answer.clone().json().catch(() => ({}));
    console.log(JSON.stringify({ polled: answer.ok ? 'ok' : body.error }));
  }
  return answer;
};

// The guide's loop, as published copies of it show it: one AbortSignal bounds the whole wait by
// expires_in (a timeout ends it, any other fetch error is thrown), authorization_pending waits the
// interval, slow_down adds one second to it (the guide's choice; RFC 8628 asks for five), and
// every other error ends the wait.
async function pollForTokens({ clientId, deviceCode, expiresIn = 300, interval = 5 }) {
  const timeout = AbortSignal.timeout(expiresIn * 1000);
  let currentInterval = interval;
  while (true) {
    const response = await (async () => {
      try {
        return await fetch(`${host}/user_management/authenticate`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
            device_code: deviceCode,
            client_id: clientId,
          }),
          signal: timeout,
        });
      } catch (error) {
        if (error.name === 'TimeoutError') {
          throw new Error('Authorization timed out');
        }
        throw error;
      }
    })();
    const data = await response.json();
    if (response.ok) {
      return data;
    }
    switch (data.error) {
      case 'authorization_pending':
        await sleep(currentInterval * 1000);
        break;
      case 'slow_down':
        currentInterval += 1;
        await sleep(currentInterval * 1000);
        break;
      case 'access_denied':
      case 'expired_token':
        throw new Error('Authorization failed: ' + data.error);
      default:
        throw new Error('Authorization failed: ' + (data.error || 'Unknown error'));
    }
  }
}

try {
  const { user, organization_id, access_token, refresh_token, authentication_method } = await pollForTokens({
    clientId,
    deviceCode: data.device_code,
    expiresIn: data.expires_in,
    interval: data.interval,
  });
  console.log(JSON.stringify({ outcome: 'signed_in', user, organization_id, access_token, refresh_token, authentication_method }));
} catch (error) {
  console.log(JSON.stringify({ outcome: 'failed', error: error.message }));
  process.exit(1);
}
