/**
 * Stands in for the real backend while working on the dashboard alone:
 *   npm run e2e:fake-backend --workspace frontend   (port FAKE_BACKEND_PORT, default 3001)
 * FAKE_BACKEND_DB=down makes /ready answer 503 with the database down.
 */
import { startFakeBackend } from '../test/fake-backend';

async function main() {
  const port = Number(process.env.FAKE_BACKEND_PORT ?? 3001);
  const backend = await startFakeBackend(port);
  if (process.env.FAKE_BACKEND_DB === 'down') {
    backend.setReadiness({ status: 503, body: { status: 'unavailable', checks: { db: { status: 'down', error: 'connection refused' } } } });
  }
  console.log(`Fake backend on ${backend.url}`);
  const stop = () => void backend.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
