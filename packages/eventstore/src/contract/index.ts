export { eventStoreContract, type ContractFixture } from './eventStoreContract.js';
