// A License Manager client outside Java, built only on the published contract: Kafka topics, Avro values in the
// Confluent wire format resolved through the registry's Confluent-compatible API, CloudEvents headers.
//
//   KAFKA_BOOTSTRAP_SERVERS=localhost:9092 SCHEMA_REGISTRY_URL=http://localhost:8081/apis/ccompat/v7 \
//     node license-client.mjs
//
// Run as it is, it plays the warehouse and the portal once against the running system and fails (exit code 1) if
// the system does not answer as docs/topics.md says: a shipped unit is acknowledged on licensing.units.v1, an
// account registers, and a quote for the unit is answered on licensing.license-results.v1. ops/test.sh runs it.
import { randomUUID, randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const TOPICS = {
  unitsShipped: 'warehouse.units-shipped.v1',
  licenseRequests: 'portal.license-requests.v1',
  licenseResults: 'licensing.license-results.v1',
  units: 'licensing.units.v1',
};
// A union of several records is written and read with its branch named, as avsc (under the registry client) does:
// {"com.licensemanager.schemas.portal.RegisterAccount": {...}}; ["null", "string"] stays a plain value or null.
const PORTAL = 'com.licensemanager.schemas.portal.';
const LICENSING = 'com.licensemanager.schemas.licensing.';

export class LicenseManagerClient {
  constructor({ bootstrapServers, registryUrl, source = 'license-manager-node-client' }) {
    this.kafka = new Kafka({ clientId: source, brokers: bootstrapServers.split(','), logLevel: logLevel.WARN });
    this.registry = new SchemaRegistry({ host: registryUrl });
    this.source = source;
    // Java's partitioner (murmur2 of the key): one account's requests land on the partition a Java producer would
    // choose, so they stay in order with everything else sent under that key.
    this.producer = this.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    this.results = new Map(); // requestId -> LicenseResult
    this.units = new Map(); // MAC -> latest UnitState
    this.waiters = [];
  }

  async start() {
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `${this.source}-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [TOPICS.licenseResults, TOPICS.units], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const value = await this.registry.decode(message.value);
        if (topic === TOPICS.licenseResults) {
          this.results.set(value.requestId, { value, headers: text(message.headers) });
        } else {
          const known = this.units.get(value.mac);
          // Compacted state: a higher version supersedes a lower one (a redelivery may come late).
          if (!known || known.value.version <= value.version) {
            this.units.set(value.mac, { value, headers: text(message.headers) });
          }
        }
        this.waiters = this.waiters.filter((waiter) => !waiter());
      },
    });
  }

  /** The warehouse's message: a unit of a catalogue model left the warehouse. */
  async shipUnit(mac, model) {
    await this.publish(TOPICS.unitsShipped, mac, 'com.licensemanager.schemas.warehouse.UnitShipped',
      { mac, model, orderNumber: null, shippedAt: Date.now() });
  }

  /** The portal's message: one command of one account; answered by one LicenseResult with the same requestId. */
  async request(actingAccount, commandName, command) {
    const requestId = randomUUID();
    await this.publish(TOPICS.licenseRequests, actingAccount, `${PORTAL}LicenseRequest`,
      { requestId, actingAccount, requestedAt: Date.now(), command: { [`${PORTAL}${commandName}`]: command } });
    return requestId;
  }

  result(requestId, timeoutMs = 60_000) {
    return this.until(() => this.results.get(requestId), `the result of request ${requestId}`, timeoutMs);
  }

  unit(mac, accept = () => true, timeoutMs = 60_000) {
    return this.until(() => {
      const state = this.units.get(mac);
      return state && accept(state.value) ? state : undefined;
    }, `a state of unit ${mac}`, timeoutMs);
  }

  async stop() {
    await Promise.allSettled([this.consumer?.disconnect(), this.producer.disconnect()]);
  }

  /** Values under the schema registered for the topic's subject, headers as the CloudEvents Kafka binding wants. */
  async publish(topic, key, type, value) {
    const schemaId = await this.registry.getLatestSchemaId(`${topic}-value`);
    await this.producer.send({
      topic,
      acks: -1,
      messages: [{
        key,
        value: await this.registry.encode(schemaId, value),
        headers: {
          ce_specversion: '1.0',
          ce_id: randomUUID(),
          ce_type: type,
          ce_source: this.source,
          ce_time: new Date().toISOString(),
          'content-type': 'application/avro',
        },
      }],
    });
  }

  until(found, what, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const value = found();
        if (value === undefined) return false;
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
  }
}

function text(headers = {}) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value?.toString()]));
}

function expect(condition, message) {
  if (!condition) throw new Error(`expected ${message}`);
}

/** What the warehouse and the portal see of one new unit and one new account. */
async function playWarehouseAndPortal(client) {
  const mac = `00-90-33-${randomBytes(3).toString('hex').toUpperCase().match(/../g).join('-')}`;
  const account = `node-${randomUUID()}`;

  await client.shipUnit(mac, 'IP811');
  const shipped = await client.unit(mac);
  expect(shipped.value.model === 'IP811' && shipped.value.owner === null && shipped.value.status === 'OK'
    && shipped.value.licenses.length === 0, `unit ${mac} acknowledged as shipped, unowned: ${JSON.stringify(shipped.value)}`);
  expect(shipped.headers.ce_specversion === '1.0' && shipped.headers.ce_type === `${LICENSING}UnitState`
    && shipped.headers['content-type'] === 'application/avro', `CloudEvents headers: ${JSON.stringify(shipped.headers)}`);
  console.log(`unit ${mac} shipped and acknowledged (UnitState version ${shipped.value.version})`);

  const register = await client.request(account, 'RegisterAccount',
    { email: `${account}@example.com`, company: 'Node client test' });
  const registered = (await client.result(register)).value;
  expect(registered.accepted && registered.command === 'RegisterAccount'
    && registered.outcome?.[`${LICENSING}AccountRegistered`]?.accountId === account,
    `account ${account} registered: ${JSON.stringify(registered)}`);
  console.log(`account ${account} registered`);

  const quote = await client.request(account, 'QuoteAssignment', { mac, checksum: null });
  const quoted = (await client.result(quote)).value;
  const outcome = quoted.outcome?.[`${LICENSING}AssignmentQuoted`];
  expect(quoted.accepted && outcome?.mac === mac && outcome.model === 'IP811' && outcome.perBox.length > 0,
    `a quote for unit ${mac}: ${JSON.stringify(quoted)}`);
  console.log(`quote for ${mac}: ${outcome.perBox.length} license codes fit the box, ${outcome.assignable.length} assignable`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const required = (name) => process.env[name] ?? (() => { throw new Error(`set ${name}`); })();
  const client = new LicenseManagerClient({
    bootstrapServers: required('KAFKA_BOOTSTRAP_SERVERS'),
    registryUrl: required('SCHEMA_REGISTRY_URL'),
  });
  try {
    await client.start();
    await playWarehouseAndPortal(client);
    console.log('Node client: the License Manager answered as its contract says');
  } catch (error) {
    console.error(`Node client failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  } finally {
    await client.stop();
  }
}
