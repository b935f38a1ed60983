import { DataFolderInUseError, DataFolderUnusableError } from '@partnership-hub/local-aws';
import { loopbackAllowed } from '@partnership-hub/subscriptions';
import { southYorkshire, startLocalHub } from './hub.ts';

/**
 * `npm start`: the hub on this machine, with no AWS account, no Docker and no network.
 * HUB_DATA_DIR (default .hub-data) keeps the data across restarts; PORT (default 3000);
 * HUB_ADMIN_KEY sets the admin key (otherwise one is generated and saved).
 */
const dataDir = process.env.HUB_DATA_DIR || '.hub-data';
const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}"`);
  process.exit(1);
}

console.log(`Starting Partnership Hub (data in ${dataDir})...`);
// A data folder the hub cannot use is for whoever started it to fix: one line saying which and why.
const hub = await startLocalHub({
  dataDir,
  port,
  adminKey: process.env.HUB_ADMIN_KEY || undefined,
  sessionSecret: process.env.HUB_SESSION_SECRET || undefined,
  // Local development only: loopback webhook receivers, and a quicker retry schedule.
  notifications: { allowLoopbackWebhooks: loopbackAllowed(process.env), retryDelays: process.env.HUB_WEBHOOK_RETRY_DELAYS || undefined },
  seed: southYorkshire,
  // Signing in through OpenID Connect with no network: the seeded people's passwords are in dev-credentials.json.
  devIdentityProvider: true,
  // Seeding on a first start; after a crash, the catch-up of what was left undelivered.
  progress: (message) => console.log(`  ${message}`),
}).catch((error: unknown) => {
  if (!(error instanceof DataFolderInUseError || error instanceof DataFolderUnusableError)) throw error;
  console.error(`Partnership Hub did not start. ${error.message}.`);
  process.exit(1);
});

console.log(`
Partnership Hub is running at ${hub.url}

  In a browser:       ${hub.url}/areas/south-yorkshire
  Joint view (API):   ${hub.url}/v1/areas/south-yorkshire/joint-priorities
  Area and bodies:    ${hub.url}/v1/areas/south-yorkshire
  Themes:             ${hub.url}/v1/themes
  Dev credentials:    ${hub.credentialsFile}
                      (the admin key${process.env.HUB_ADMIN_KEY ? ' comes from HUB_ADMIN_KEY' : ''}, each seeded organisation's key,
                      and the seeded people's addresses and passwords)
  Sign in as a person: ${hub.url}/sign-in (through the development identity provider at ${hub.devIdentityProviderUrl})

Press Ctrl+C to stop. Data is kept in ${dataDir} across restarts.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping: finishing deliveries in progress...');
    hub.stop().then(
      () => process.exit(0),
      (error) => {
        console.error('Stopped with an error:', error);
        process.exit(1);
      },
    );
  });
}
