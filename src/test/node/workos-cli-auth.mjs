// A CLI written for WorkOS AuthKit's CLI Auth, in the shape of WorkOS's guide: request a device
// authorization, show the code, poll /user_management/authenticate honouring authorization_pending
// and slow_down. Nothing here knows about cliauth: the only change from a WorkOS CLI is the host,
// given as the first argument (WorkOsCliAuthTest runs it with Node against local mode).
//
//   node workos-cli-auth.mjs http://localhost:8080 demo-cli
//
// Prints one JSON line with what the user must see, then one with the outcome.

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
  user_code: data.user_code,
  verification_uri: data.verification_uri,
  verification_uri_complete: data.verification_uri_complete,
}));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The guide's loop: one AbortSignal bounds the whole wait by expires_in, a fetch that fails on the
// network is retried after the interval, and the documented error codes decide the rest.
async function pollForTokens({ clientId, deviceCode, expiresIn = 300, interval = 5 }) {
  const timeout = AbortSignal.timeout(expiresIn * 1000);
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
        if (timeout.aborted) {
          throw new Error('expired_token: the device code expired');
        }
        return null; // a network error: try again after the interval
      }
    })();
    if (response === null) {
      await sleep(interval * 1000);
      continue;
    }
    const data = await response.json();
    if (response.ok) {
      return data;
    }
    switch (data.error) {
      case 'authorization_pending':
        await sleep(interval * 1000);
        break;
      case 'slow_down':
        interval += 5;
        await sleep(interval * 1000);
        break;
      default: // access_denied, expired_token, and anything else ends the wait
        throw new Error(`${data.error}: ${data.error_description}`);
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
