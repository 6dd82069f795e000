import t from 'tap';
import { eventStoreContract } from '../contract/index.js';
import { KurrentEventStore } from './kurrentEventStore.js';

const url = process.env.KURRENTDB_URL;

if (url) {
  eventStoreContract(t, () => {
    const store = new KurrentEventStore({ connectionString: url, pollIntervalMs: 200 });
    return Promise.resolve({ store, dispose: () => store.close() });
  });
} else {
  t.test(
    'KurrentDB adapter passes the event store contract',
    { skip: 'KURRENTDB_URL is not set: no KurrentDB server to run the contract suite against' },
    () => undefined,
  );
}
