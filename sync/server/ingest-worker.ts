// An ingest worker thread (see ingest-pool.ts): prepares push bodies and posts
// back the prepared batch or the request's refusal. Holds no state.
import { parentPort } from 'node:worker_threads';
import { answerWorkerRequest, type WorkerRequest } from './ingest-pool';

const port = parentPort;
if (!port) throw new Error('ingest-worker runs only as a worker thread');
port.on('message', (request: WorkerRequest) => port.postMessage(answerWorkerRequest(request)));
