// An ingest worker for the pool's tests: the real one, except that the text
// "crash" (as the body) ends the thread mid-request, as a fatal error in a worker would.
import { parentPort } from 'node:worker_threads';
import { answerWorkerRequest, type WorkerRequest } from '../ingest-pool';

const port = parentPort;
if (!port) throw new Error('crashing-ingest-worker runs only as a worker thread');
port.on('message', (request: WorkerRequest) => {
  if (Buffer.from(request.body).toString('utf8') === 'crash') process.exit(3);
  port.postMessage(answerWorkerRequest(request));
});
