/**
 * npm run dead-letters -- list   [--service inventory-service]
 * npm run dead-letters -- replay <event id or locator>... [--service inventory-service]
 * Lists a service's dead letters on the configured BROKER, or sends chosen ones back to where they
 * were consumed from (consumers deduplicate on the event id, so replaying twice is harmless).
 */
import { parseArgs } from 'node:util';
import { SUBSCRIPTIONS, type ConsumingService } from '#events';
import { loadMessagingConfig, openDeadLetterStore } from '#messaging';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { service: { type: 'string', default: 'inventory-service' }, json: { type: 'boolean', default: false } },
});
const [command, ...ids] = positionals;
const service = values.service as ConsumingService;
if (!(service in SUBSCRIPTIONS) || !['list', 'replay'].includes(command ?? '')) {
  console.error(
    `usage: npm run dead-letters -- list|replay [ids...] [--service ${Object.keys(SUBSCRIPTIONS).join('|')}]`,
  );
  process.exit(2);
}

const config = loadMessagingConfig(service);
const store = openDeadLetterStore(config, SUBSCRIPTIONS[service]);
try {
  if (command === 'list') {
    const letters = await store.list();
    if (values.json) console.log(JSON.stringify(letters, null, 2));
    else {
      console.log(`${letters.length} dead letter(s) for ${service} on ${config.broker}`);
      for (const letter of letters) {
        console.log(
          `- ${letter.eventId ?? letter.locator}  ${letter.reason} after ${letter.attempts} attempt(s) from ${letter.origin}`,
        );
        console.log(`    ${letter.error}`);
      }
    }
  } else {
    if (ids.length === 0) throw new Error('name the event ids (or locators) to replay');
    console.log(`replayed ${await store.replay(ids)} of ${ids.length} requested`);
  }
} finally {
  await store.close();
}
