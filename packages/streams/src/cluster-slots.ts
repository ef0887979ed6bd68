// Redis Cluster's key → slot mapping lives with the key builders in @tickflow/events (choosing
// a partition's hash tag needs it); re-exported here for the runtime's pipeline splitting.
export { keySlot } from '@tickflow/events';
