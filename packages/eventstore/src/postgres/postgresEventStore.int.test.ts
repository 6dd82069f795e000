import t from 'tap';
import { eventStoreContract } from '../contract/index.js';
import { createTestEventStore } from '../testing.js';

eventStoreContract(t, () => createTestEventStore({ pollIntervalMs: 200 }));
