import type { EmbeddedDb } from '../src/platform/embedded-db';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __embeddedDb?: EmbeddedDb }).__embeddedDb?.stop();
}
