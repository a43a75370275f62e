// A read worker: its own read-only connection to the store's file, answering the API's reads
// off the main thread (a trend over a million spans must not hold up the receiver).
import { parentPort, workerData } from 'node:worker_threads';
import { READS, type ReadAnswer, type ReadRequest } from './reads.js';
import { openDatabase } from './sqlite-open.js';

const db = await openDatabase((workerData as { path: string }).path, { readOnly: true });
const port = parentPort;
port?.on('message', (request: ReadRequest | 'close') => {
  if (request === 'close') {
    // Closed cleanly, so that the writer's close is the last one and removes the WAL.
    db.close();
    port.close();
    return;
  }
  let answer: ReadAnswer;
  try {
    const read = READS[request.name] as (database: typeof db, arg: unknown) => unknown;
    answer = { id: request.id, result: read(db, request.arg) };
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
port?.postMessage('ready');
