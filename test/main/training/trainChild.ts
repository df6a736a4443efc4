// Child process for the training kill test: starts a training job through the API and prints its progress events as
// JSON lines, so the parent can SIGKILL the whole process (worker thread included) between two checkpoints.
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { createLocalClient } from '../../../src-main/api/localClient.js';
import type { MethodInput } from '../../../src-shared/api/contract.js';

const [dataDir, request] = process.argv.slice(2);
const ctx = createAppContext({ dataDir, host: { kind: 'cli' } });
const client = createLocalClient(createAppDispatcher(ctx), ctx);
client.on('jobProgress', (e) => process.stdout.write(`${JSON.stringify(e)}\n`));
const job = await client.call('training.start', JSON.parse(request) as MethodInput<'training.start'>);
process.stdout.write(`${JSON.stringify({ started: job.id })}\n`);
